"""Choose the YouTube Music upload a scrobble means (see `matcher.Matcher`)."""

from sync.matching.matcher import Candidate, Matcher, MatchResult, SearchFunction

__all__ = ["Candidate", "MatchResult", "Matcher", "SearchFunction"]
