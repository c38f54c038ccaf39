"""Typed, validated view of the sync keys in `.env` and the environment.

`load_sync_settings()` is called at the start of every run, so edits to
`.env` apply without a restart. Keys and defaults match lastfm-to-ytm, so an
existing `.env` keeps working. `FIELDS` describes every key once; the
Settings page, `.env.example` and the validation all read it.
"""

import dataclasses
import logging
import os
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.utils.translation import gettext_lazy as _

from sync.envfile import read_env_file

logger = logging.getLogger(__name__)


class ConfigError(ValueError):
    """A setting has a value the app cannot use."""

    def __init__(self, key: str, value: object, allowed: str) -> None:
        self.key = key
        self.value = value
        self.allowed = allowed
        super().__init__(f"{key}={value!r} is invalid: {allowed}")


# Parsers: each takes the raw string and returns the typed value or raises
# ValueError with the "allowed" text.

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise ValueError("use true or false")


def parse_timezone(raw: str) -> str:
    name = raw.strip()
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            "use an IANA time zone name such as UTC or Europe/Berlin"
        ) from None
    return name


def parse_hour_range(raw: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,2})\s*-\s*(\d{1,2})\s*", raw)
    if not match:
        raise ValueError("use START-END hours such as 9-23 (may wrap midnight)")
    start, end = int(match.group(1)), int(match.group(2))
    if not (0 <= start <= 23 and 0 <= end <= 24):
        raise ValueError("hours must be between 0 and 24, such as 9-23")
    return start, end


def parse_clock_time(raw: str) -> time | None:
    if not raw.strip():
        return None
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError("use HH:MM in 24-hour time, such as 03:30")
    return time(int(match.group(1)), int(match.group(2)))


def parse_cron(raw: str) -> str:
    from sync.crontab import crontab_trigger

    text = " ".join(raw.split())
    if not text:
        return ""
    if len(text.split(" ")) != 5:
        raise ValueError(
            "use five cron fields (minute hour day month weekday), such as 0 */6 * * *"
        )
    try:
        crontab_trigger(text, zoneinfo.ZoneInfo("UTC"))
    except ValueError as error:
        raise ValueError(f"not a valid cron expression ({error})") from None
    return text


def parse_legacy_privacy(raw: str) -> str:
    """Read lastfm-to-ytm's MAKE_PUBLIC: a boolean or a privacy word."""
    text = raw.strip().upper()
    if text in {"PRIVATE", "UNLISTED", "PUBLIC", ""}:
        return text
    try:
        return "PUBLIC" if parse_bool(text) else "PRIVATE"
    except ValueError:
        raise ValueError("use PRIVATE, UNLISTED, PUBLIC, true or false") from None


def parse_url_list(raw: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s,]+", raw.strip()) if part)


def parse_dotted_path(raw: str) -> str:
    text = raw.strip()
    if not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+", text):
        raise ValueError("use a dotted Python path such as ytmusicapi.YTMusic")
    return text


def parse_http_url(raw: str) -> str:
    text = raw.strip()
    if text and not re.match(r"^https?://[^\s/]+", text):
        raise ValueError("use an http:// or https:// URL")
    return text


@dataclass(frozen=True)
class Field:
    """One key: its type, default, group on the Settings page and help."""

    key: str
    kind: str  # str, int, float, bool, choice, secret, or a custom parser name
    default: str
    group: str
    help: Any
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    parser: Callable[[str], Any] | None = None
    restart_required: bool = False
    secret: bool = False

    def parse(self, raw: str) -> Any:
        """Convert ``raw`` to this field's type or raise ConfigError."""
        try:
            value = self._convert(raw)
        except ValueError as error:
            raise ConfigError(self.key, raw, str(error)) from None
        if isinstance(value, int | float) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise ConfigError(self.key, raw, self._range_text())
            if self.maximum is not None and value > self.maximum:
                raise ConfigError(self.key, raw, self._range_text())
        return value

    def _convert(self, raw: str) -> Any:
        if self.parser is not None:
            return self.parser(raw)
        text = raw.strip()
        if self.kind == "int":
            try:
                return int(text)
            except ValueError:
                raise ValueError(f"use a whole number ({self._range_text()})") from None
        if self.kind == "float":
            try:
                return float(text)
            except ValueError:
                raise ValueError(f"use a number ({self._range_text()})") from None
        if self.kind == "bool":
            return parse_bool(text)
        if self.kind == "choice":
            upper = {choice.upper(): choice for choice in self.choices}
            if text.upper() not in upper:
                raise ValueError("use one of " + ", ".join(self.choices))
            return upper[text.upper()]
        return raw if self.kind == "secret" else text

    def _range_text(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"from {self.minimum:g} to {self.maximum:g}"
        if self.minimum is not None:
            return f"at least {self.minimum:g}"
        return "any number"


GROUPS: dict[str, Any] = {
    "lastfm": _("Last.fm"),
    "youtube": _("YouTube Music"),
    "playlist": _("Main playlist"),
    "ranking": _("Ranking"),
    "search": _("Search and cache"),
    "weekly": _("Weekly snapshots"),
    "schedule": _("Schedule"),
    "notifications": _("Notifications"),
    "server": _("Server"),
}

FIELDS: tuple[Field, ...] = (
    # Last.fm
    Field(
        "LASTFM_USER",
        "str",
        "",
        "lastfm",
        _("Last.fm user name whose scrobbles are read."),
    ),
    Field(
        "LASTFM_API_KEY",
        "secret",
        "",
        "lastfm",
        _("Last.fm API key (32 hex characters), from last.fm/api/account/create."),
        secret=True,
    ),
    Field(
        "LASTFM_API_URL",
        "str",
        "https://ws.audioscrobbler.com/2.0/",
        "lastfm",
        _("Last.fm API endpoint. Change it only to use a Last.fm-compatible server."),
        parser=parse_http_url,
    ),
    Field(
        "MAX_RAW_SCROBBLES",
        "int",
        "2000",
        "lastfm",
        _("Most scrobbles read per run; 0 reads without limit."),
        minimum=0,
    ),
    Field(
        "BACKFILL_PASSES",
        "int",
        "3",
        "lastfm",
        _("Extra fetches deeper into the history when too few tracks match."),
        minimum=0,
        maximum=20,
    ),
    Field(
        "LASTFM_MAX_RETRIES",
        "int",
        "5",
        "lastfm",
        _("Retries of a failed Last.fm request, with growing delays."),
        minimum=0,
        maximum=20,
    ),
    Field(
        "LASTFM_MAX_CONSECUTIVE_EMPTY",
        "int",
        "3",
        "lastfm",
        _("Stop paging after this many pages without a new track."),
        minimum=1,
        maximum=100,
    ),
    # YouTube Music
    Field(
        "YTM_AUTH_PATH",
        "str",
        "browser.json",
        "youtube",
        _(
            "Path of the YouTube Music credentials file (browser.json), relative to the app folder."
        ),
    ),
    Field(
        "YTMUSIC_CLIENT_FACTORY",
        "str",
        "ytmusicapi.YTMusic",
        "youtube",
        _("Dotted path of the YouTube Music client class or factory."),
        parser=parse_dotted_path,
    ),
    Field(
        "API_MAX_RETRIES",
        "int",
        "3",
        "youtube",
        _("Retries of a failed YouTube Music call, with growing delays."),
        minimum=0,
        maximum=10,
    ),
    # Main playlist
    Field(
        "PLAYLIST_NAME",
        "str",
        "Last.fm Recents (auto)",
        "playlist",
        _("Name of the main playlist on YouTube Music."),
    ),
    Field(
        "PLAYLIST_DESCRIPTION",
        "str",
        "",
        "playlist",
        _(
            "Description of the main playlist; empty writes one that names the Last.fm user."
        ),
    ),
    Field(
        "PLAYLIST_PRIVACY",
        "choice",
        "PRIVATE",
        "playlist",
        _("Who can see the playlists."),
        choices=("PRIVATE", "UNLISTED", "PUBLIC"),
    ),
    Field(
        "MAKE_PUBLIC",
        "legacy",
        "",
        "playlist",
        _("Deprecated: use PLAYLIST_PRIVACY."),
        parser=parse_legacy_privacy,
    ),
    Field(
        "LIMIT",
        "int",
        "100",
        "playlist",
        _("Number of tracks in the main playlist."),
        minimum=1,
        maximum=5000,
    ),
    Field(
        "DEDUPLICATE",
        "bool",
        "true",
        "playlist",
        _("Keep one entry per song when recency weighting is off."),
    ),
    # Ranking
    Field(
        "USE_RECENCY_WEIGHTING",
        "bool",
        "true",
        "ranking",
        _("Rank by play count and recency instead of the most recent scrobbles."),
    ),
    Field(
        "RECENCY_HALF_LIFE_HOURS",
        "float",
        "48",
        "ranking",
        _("Hours after which a play counts half as recent."),
        minimum=0.1,
    ),
    Field(
        "RECENCY_PLAY_WEIGHT",
        "float",
        "0.7",
        "ranking",
        _("Weight of the play count against recency, from 0 to 1."),
        minimum=0,
        maximum=1,
    ),
    Field(
        "RECENCY_MIN_PLAYS",
        "int",
        "1",
        "ranking",
        _("Plays a track needs to be ranked."),
        minimum=1,
    ),
    Field(
        "RECENCY_NORMALIZATION",
        "choice",
        "linear",
        "ranking",
        _("How play counts are scaled: linear, log or rank."),
        choices=("linear", "log", "rank"),
    ),
    Field(
        "RECENCY_VELOCITY_WEIGHT",
        "float",
        "0",
        "ranking",
        _("Weight of recent play velocity, from 0 to 1."),
        minimum=0,
        maximum=1,
    ),
    Field(
        "RECENCY_SESSION_WEIGHTING",
        "bool",
        "false",
        "ranking",
        _("Favour plays made during your usual listening hours."),
    ),
    Field(
        "RECENCY_SESSION_HOURS",
        "hours",
        "9-23",
        "ranking",
        _("Listening hours as START-END, may wrap midnight (22-4)."),
        parser=parse_hour_range,
    ),
    Field(
        "RECENCY_SESSION_TIMEZONE",
        "timezone",
        "",
        "ranking",
        _("Time zone of the listening hours; empty uses TIMEZONE."),
        parser=lambda raw: parse_timezone(raw) if raw.strip() else "",
    ),
    Field(
        "TIMEZONE",
        "timezone",
        "UTC",
        "ranking",
        _("Your time zone, used for hours, weeks and schedules."),
        parser=parse_timezone,
    ),
    # Search and cache
    Field(
        "USE_ANON_SEARCH",
        "bool",
        "true",
        "search",
        _(
            "Search without your account, so searches do not shape your recommendations."
        ),
    ),
    Field(
        "EARLY_TERMINATION_SCORE",
        "float",
        "0.9",
        "search",
        _("Stop searching a track once a candidate scores this high."),
        minimum=0,
        maximum=1,
    ),
    Field(
        "SLEEP_BETWEEN_SEARCHES",
        "float",
        "0.25",
        "search",
        _("Seconds to wait between searches."),
        minimum=0,
        maximum=10,
    ),
    Field(
        "SEARCH_MAX_WORKERS",
        "int",
        "2",
        "search",
        _("Searches run in parallel."),
        minimum=1,
        maximum=8,
    ),
    Field(
        "SEARCH_MAX_QUERIES",
        "int",
        "8",
        "search",
        _("Most searches per track."),
        minimum=1,
        maximum=20,
    ),
    Field(
        "CACHE_SEARCH_TTL_DAYS",
        "int",
        "30",
        "search",
        _("Days a found match is reused before searching again."),
        minimum=0,
    ),
    Field(
        "CACHE_NOTFOUND_TTL_DAYS",
        "int",
        "7",
        "search",
        _("Days a 'not found' answer is reused before searching again."),
        minimum=0,
    ),
    Field(
        "CACHE_OVERRIDES_FILE",
        "str",
        "config/search_overrides.json",
        "search",
        _("Overrides and blacklists file, relative to the app folder."),
    ),
    Field(
        "TAG_MIN_COUNT",
        "int",
        "10",
        "search",
        _("Lowest Last.fm tag weight (0 to 100) that counts for an artist or track."),
        minimum=0,
        maximum=100,
    ),
    Field(
        "TAG_BLOCKLIST",
        "str",
        "",
        "search",
        _(
            "Tags never used for playlists, comma separated; empty uses the "
            "built-in list (seen live, favorites and the like)."
        ),
    ),
    # Weekly snapshots
    Field(
        "WEEKLY_ENABLED",
        "bool",
        "true",
        "weekly",
        _("Keep a snapshot playlist for each week."),
    ),
    Field(
        "WEEKLY_WEEK_START",
        "choice",
        "MON",
        "weekly",
        _("First day of the week."),
        choices=("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"),
    ),
    Field(
        "WEEKLY_TIMEZONE",
        "timezone",
        "",
        "weekly",
        _("Time zone of the week boundary; empty uses TIMEZONE."),
        parser=lambda raw: parse_timezone(raw) if raw.strip() else "",
    ),
    Field(
        "WEEKLY_KEEP_WEEKS",
        "int",
        "2",
        "weekly",
        _("Weekly playlists kept; 0 keeps all."),
        minimum=0,
    ),
    Field(
        "WEEKLY_PLAYLIST_PREFIX",
        "str",
        "",
        "weekly",
        _(
            "Name prefix of weekly playlists; empty uses the main playlist name without '(auto)'."
        ),
    ),
    Field(
        "WEEKLY_PLAYLIST_PRIVACY",
        "choice",
        "",
        "weekly",
        _("Who can see the weekly playlists; empty uses PLAYLIST_PRIVACY."),
        choices=("", "PRIVATE", "UNLISTED", "PUBLIC"),
    ),
    Field(
        "WEEKLY_MAKE_PUBLIC",
        "legacy",
        "",
        "weekly",
        _("Deprecated: use WEEKLY_PLAYLIST_PRIVACY."),
        parser=parse_legacy_privacy,
    ),
    # Schedule
    Field(
        "AUTO_SYNC_ENABLED", "bool", "false", "schedule", _("Run syncs on a schedule.")
    ),
    Field(
        "AUTO_SYNC_TYPE",
        "choice",
        "interval",
        "schedule",
        _("Schedule as a fixed interval or a cron expression."),
        choices=("interval", "cron"),
    ),
    Field(
        "AUTO_SYNC_INTERVAL_HOURS",
        "float",
        "6",
        "schedule",
        _("Hours between scheduled syncs."),
        minimum=0.25,
        maximum=24 * 7,
    ),
    Field(
        "AUTO_SYNC_START_TIME",
        "time",
        "",
        "schedule",
        _("Time of day (HH:MM) that intervals count from; empty counts from now."),
        parser=parse_clock_time,
    ),
    Field(
        "AUTO_SYNC_CRON",
        "cron",
        "0 */6 * * *",
        "schedule",
        _("Cron expression (minute hour day month weekday) in your time zone."),
        parser=parse_cron,
    ),
    Field(
        "AUTO_TAG_SYNC_ENABLED",
        "bool",
        "false",
        "schedule",
        _("Also sync custom playlists on a schedule."),
    ),
    Field(
        "AUTO_TAG_SYNC_FREQUENCY",
        "int",
        "4",
        "schedule",
        _("Sync custom playlists every N scheduled main syncs."),
        minimum=1,
        maximum=100,
    ),
    Field(
        "SYNC_TIMEOUT_MINUTES",
        "int",
        "120",
        "schedule",
        _("Minutes after which a running sync is stopped."),
        minimum=1,
        maximum=24 * 60,
    ),
    # Notifications
    Field(
        "APPRISE_URLS",
        "list",
        "",
        "notifications",
        _("Apprise URLs, separated by spaces or commas; a leading ! disables one."),
        parser=parse_url_list,
        secret=True,
    ),
    Field(
        "APPRISE_EVENTS",
        "choice",
        "error",
        "notifications",
        _("Notify on every sync (all) or only on failures (error)."),
        choices=("all", "error"),
    ),
    Field(
        "WEBHOOK_URL",
        "str",
        "",
        "notifications",
        _("URL that receives a JSON message after each sync."),
        parser=parse_http_url,
        secret=True,
    ),
    Field(
        "WEBHOOK_EVENTS",
        "choice",
        "error",
        "notifications",
        _("Call the webhook on every sync (all) or only on failures (error)."),
        choices=("all", "error"),
    ),
    Field(
        "WEBHOOK_ALLOW_PRIVATE",
        "bool",
        "false",
        "notifications",
        _("Allow webhooks to private, loopback and link-local addresses."),
    ),
    # Server (read once at start-up)
    Field(
        "LOG_LEVEL",
        "choice",
        "INFO",
        "server",
        _("Log detail: DEBUG, INFO, WARNING or ERROR."),
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
    ),
    Field(
        "ALLOWED_HOSTS",
        "str",
        "*",
        "server",
        _("Host names the web app answers to, comma separated."),
        restart_required=True,
    ),
    Field(
        "CSRF_TRUSTED_ORIGINS",
        "str",
        "",
        "server",
        _(
            "Origins allowed to post forms behind a proxy, such as https://music.example.org."
        ),
        restart_required=True,
    ),
    Field(
        "SECURE_PROXY_SSL_HEADER",
        "str",
        "",
        "server",
        _("Header and value a TLS proxy sets, such as HTTP_X_FORWARDED_PROTO,https."),
        restart_required=True,
    ),
    Field(
        "SESSION_COOKIE_SECURE",
        "bool",
        "false",
        "server",
        _("Send session cookies over HTTPS only."),
        restart_required=True,
    ),
    Field(
        "DATABASE_URL",
        "str",
        "",
        "server",
        _("Database URL; empty uses SQLite in cache/."),
        restart_required=True,
        secret=True,
    ),
    Field(
        "DEBUG",
        "bool",
        "false",
        "server",
        _("Show error details in the browser. Never on an exposed server."),
        restart_required=True,
    ),
)

FIELDS_BY_KEY = {f.key: f for f in FIELDS}

# Keys read once by ytmt/settings.py: no SyncSettings attribute.
SERVER_ONLY_KEYS = {
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "DATABASE_URL",
    "DEBUG",
}


@dataclass(frozen=True)
class SyncSettings:
    """The sync keys of one run, typed and validated."""

    lastfm_user: str
    lastfm_api_key: str
    lastfm_api_url: str
    max_raw_scrobbles: int
    backfill_passes: int
    lastfm_max_retries: int
    lastfm_max_consecutive_empty: int
    ytm_auth_path: str
    ytmusic_client_factory: str
    api_max_retries: int
    playlist_name: str
    playlist_description: str
    playlist_privacy: str
    make_public: str
    limit: int
    deduplicate: bool
    use_recency_weighting: bool
    recency_half_life_hours: float
    recency_play_weight: float
    recency_min_plays: int
    recency_normalization: str
    recency_velocity_weight: float
    recency_session_weighting: bool
    recency_session_hours: tuple[int, int]
    recency_session_timezone: str
    timezone: str
    use_anon_search: bool
    early_termination_score: float
    sleep_between_searches: float
    search_max_workers: int
    search_max_queries: int
    cache_search_ttl_days: int
    cache_notfound_ttl_days: int
    cache_overrides_file: str
    tag_min_count: int
    tag_blocklist: str
    weekly_enabled: bool
    weekly_week_start: str
    weekly_timezone: str
    weekly_keep_weeks: int
    weekly_playlist_prefix: str
    weekly_playlist_privacy: str
    weekly_make_public: str
    auto_sync_enabled: bool
    auto_sync_type: str
    auto_sync_interval_hours: float
    auto_sync_start_time: time | None
    auto_sync_cron: str
    auto_tag_sync_enabled: bool
    auto_tag_sync_frequency: int
    sync_timeout_minutes: int
    apprise_urls: tuple[str, ...]
    apprise_events: str
    webhook_url: str
    webhook_events: str
    webhook_allow_private: bool
    log_level: str
    home: Path = field(default=Path("."))
    # Keys whose value came from the process environment, not .env.
    from_environment: frozenset[str] = frozenset()
    warnings: tuple[str, ...] = ()

    def path(self, value: str) -> Path:
        """Resolve a configured path against the app folder (YTMT_HOME)."""
        candidate = Path(value).expanduser()
        return candidate if candidate.is_absolute() else self.home / candidate

    @property
    def auth_path(self) -> Path:
        return self.path(self.ytm_auth_path)

    @property
    def overrides_path(self) -> Path:
        return self.path(self.cache_overrides_file)

    @property
    def session_timezone(self) -> str:
        return self.recency_session_timezone or self.timezone

    @property
    def week_timezone(self) -> str:
        return self.weekly_timezone or self.timezone

    @property
    def weekly_prefix(self) -> str:
        """Weekly name prefix: the setting, or PLAYLIST_NAME less "(auto)"."""
        if self.weekly_playlist_prefix.strip():
            return self.weekly_playlist_prefix.strip()
        return re.sub(r"\s*\(auto\)\s*$", "", self.playlist_name, flags=re.I).strip()

    def with_values(self, **changes: Any) -> "SyncSettings":
        return dataclasses.replace(self, **changes)


def raw_values(env_file: Path | None = None) -> tuple[dict[str, str], set[str]]:
    """Merge .env and the process environment; return values and env keys.

    The process environment wins, so `docker run -e` and CI overrides work.
    """
    path = env_file if env_file is not None else Path(django_settings.ENV_FILE)
    values = read_env_file(path)
    from_environment = set()
    for spec in FIELDS:
        if spec.key in os.environ:
            values[spec.key] = os.environ[spec.key]
            from_environment.add(spec.key)
        file_key = f"{spec.key}_FILE"
        file_path = os.environ.get(file_key) or values.get(file_key)
        if spec.secret and file_path and not values.get(spec.key):
            # Docker secrets: the value lives in a file named by KEY_FILE.
            try:
                values[spec.key] = Path(file_path).read_text(encoding="utf-8").strip()
            except OSError as error:
                raise ConfigError(
                    file_key, file_path, f"the file cannot be read ({error.strerror})"
                ) from None
            from_environment.add(spec.key)
    return values, from_environment


def load_sync_settings(
    env_file: Path | None = None, overrides: dict[str, str] | None = None
) -> SyncSettings:
    """Read, validate and return the sync settings for one run.

    Raises ConfigError naming the first invalid key, before any network call.
    """
    values, from_environment = raw_values(env_file)
    if overrides:
        values.update(overrides)

    parsed: dict[str, Any] = {}
    for spec in FIELDS:
        if spec.key in SERVER_ONLY_KEYS:
            continue
        raw = values.get(spec.key)
        if raw is None or (raw.strip() == "" and spec.kind not in {"str", "secret"}):
            raw = spec.default
        parsed[spec.key.lower()] = spec.parse(raw)

    warnings = _apply_legacy_privacy(parsed, values)
    for message in warnings:
        logger.warning(message)

    return SyncSettings(
        **parsed,
        home=Path(django_settings.YTMT_HOME),
        from_environment=frozenset(from_environment),
        warnings=tuple(warnings),
    )


def _apply_legacy_privacy(parsed: dict[str, Any], values: dict[str, str]) -> list[str]:
    """Honour MAKE_PUBLIC and WEEKLY_MAKE_PUBLIC; return deprecation warnings."""
    warnings: list[str] = []
    pairs = (
        ("MAKE_PUBLIC", "PLAYLIST_PRIVACY"),
        ("WEEKLY_MAKE_PUBLIC", "WEEKLY_PLAYLIST_PRIVACY"),
    )
    for legacy_key, key in pairs:
        legacy_value = parsed[legacy_key.lower()]
        if not legacy_value:
            continue
        if values.get(key, "").strip():
            warnings.append(
                f"{legacy_key} is deprecated and ignored because {key} is set; "
                f"remove {legacy_key} from .env."
            )
            continue
        parsed[key.lower()] = legacy_value
        warnings.append(
            f"{legacy_key} is deprecated; replace it with {key}={legacy_value} in .env."
        )
    if not parsed["weekly_playlist_privacy"]:
        parsed["weekly_playlist_privacy"] = parsed["playlist_privacy"]
    return warnings


def validate_value(key: str, raw: str) -> Any:
    """Parse one key's value, as the Settings page does before saving."""
    return FIELDS_BY_KEY[key].parse(raw)
