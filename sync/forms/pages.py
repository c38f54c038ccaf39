"""Forms of the data pages: overrides, blacklist, cache and playlists."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sync.configfiles import parse_video_id

VIDEO_HELP = _(
    "A music.youtube.com, youtube.com or youtu.be link, or the 11-character video id."
)


class OverrideForm(forms.Form):
    """A manual match: this artist and title always use this video."""

    artist = forms.CharField(label=_("Artist"), max_length=300, strip=True)
    title = forms.CharField(label=_("Title"), max_length=300, strip=True)
    video = forms.CharField(
        label=_("YouTube Music link or video id"),
        max_length=500,
        strip=True,
        help_text=VIDEO_HELP,
    )
    reason = forms.CharField(
        label=_("Note"), max_length=300, required=False, strip=True
    )
    # Key of the override being edited; empty when adding.
    original_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_video(self) -> str:
        value = self.cleaned_data["video"]
        video_id = parse_video_id(value)
        if video_id is None:
            raise forms.ValidationError(
                _(
                    "“%(value)s” is not a YouTube Music link or video id. Paste "
                    "a link such as https://music.youtube.com/watch?v=dQw4w9WgXcQ "
                    "or the 11 characters after v=."
                ),
                code="invalid_video",
                params={"value": value},
            )
        return video_id


class BlacklistForm(forms.Form):
    """A track or a whole artist that the sync never adds."""

    KIND_CHOICES = (("track", _("Track")), ("artist", _("Artist")))

    kind = forms.ChoiceField(label=_("Blacklist"), choices=KIND_CHOICES)
    artist = forms.CharField(label=_("Artist"), max_length=300, strip=True)
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        strip=True,
        help_text=_("Needed for a track; leave empty for an artist."),
    )
    reason = forms.CharField(
        label=_("Note"), max_length=300, required=False, strip=True
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == "track" and not cleaned.get("title"):
            self.add_error(
                "title",
                _(
                    "A track needs its title. Enter the title, or choose "
                    "“Artist” to blacklist every track of %(artist)s."
                )
                % {"artist": cleaned.get("artist") or _("this artist")},
            )
        return cleaned


class BlacklistDeleteForm(forms.Form):
    section = forms.ChoiceField(
        choices=(
            ("_blacklist", "_blacklist"),
            ("_blacklist_artists", "_blacklist_artists"),
        )
    )
    key = forms.CharField(max_length=600)


class KeyForm(forms.Form):
    """The ``artist|title`` key of the override to delete."""

    key = forms.CharField(max_length=600)


class CachePurgeForm(forms.Form):
    """Delete many cache entries at once, only with the box ticked."""

    SCOPE_CHOICES = (
        ("not_found", _("all “not found” entries")),
        ("all", _("all entries")),
    )

    scope = forms.ChoiceField(label=_("Delete"), choices=SCOPE_CHOICES)
    confirm = forms.BooleanField(
        label=_("Yes, delete them"),
        error_messages={
            "required": _("Nothing was deleted. Tick “Yes, delete them” to confirm.")
        },
    )


class CacheFilterForm(forms.Form):
    """Search and filter of the Cache page, read from the query string."""

    STATE_CHOICES = (
        ("", _("all")),
        ("found", _("found")),
        ("not_found", _("not found")),
    )

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES, required=False)


class PlaylistFilterForm(forms.Form):
    """Filters of the Playlist page, read from the query string."""

    SOURCE_CHOICES = (
        ("", _("all sources")),
        ("override", _("override")),
        ("cache", _("cache")),
        ("search", _("search")),
    )

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    source = forms.ChoiceField(
        label=_("Source"), choices=SOURCE_CHOICES, required=False
    )


class ConfirmForm(forms.Form):
    """A destructive action that needs a ticked box."""

    confirm = forms.BooleanField(
        label=_("Yes, I am sure"),
        error_messages={
            "required": _("Nothing was changed. Tick “Yes, I am sure” to confirm.")
        },
    )


class RunStartForm(forms.Form):
    dry_run = forms.BooleanField(required=False)
