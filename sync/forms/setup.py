"""Forms of the first-launch wizard: admin account, Last.fm, YouTube Music."""

import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from sync.conf import ConfigError, load_sync_settings
from sync.envfile import update_env_file
from sync.lastfm import errors
from sync.lastfm.client import LastfmClient
from sync.lastfm.errors import LastfmError
from sync.ytmusic.browser_auth import (
    BrowserAuthError,
    build_browser_headers,
    save_browser_auth,
)

logger = logging.getLogger(__name__)

API_KEY_PATTERN = re.compile(r"[0-9a-fA-F]{32}")
# Wait between the check's two attempts; tests replace it to avoid the delay.
retry_sleep: Callable[[float], None] = time.sleep


class AdminAccountForm(UserCreationForm):
    """The first user: a superuser with a password checked by the validators."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=False)
        user.is_staff = True
        user.is_superuser = True
        if commit:
            user.save()
        return user


def _settings_or_error() -> Any:
    try:
        return load_sync_settings()
    except ConfigError as error:
        raise forms.ValidationError(
            _(
                "%(key)s in .env is invalid (%(allowed)s). Fix it on the Settings "
                "page or in %(path)s first."
            ),
            code="config",
            params={
                "key": error.key,
                "allowed": error.allowed,
                "path": settings.ENV_FILE,
            },
        ) from None


def check_lastfm_account(user: str, api_key: str, api_url: str) -> dict[str, Any]:
    """Call user.getInfo; return the user's profile or raise LastfmError."""
    # One retry and a short timeout keep the form responsive when Last.fm is
    # slow; the sync itself uses LASTFM_MAX_RETRIES.
    with LastfmClient(
        api_url, api_key, max_retries=1, timeout=10.0, sleep=retry_sleep
    ) as client:
        return client.user_info(user)


def lastfm_error_message(error: LastfmError, user: str) -> str:
    """Return the wizard's message for a failed user.getInfo check."""
    if isinstance(error, errors.LastfmNotFoundError):
        return _(
            "Last.fm has no user named “%(user)s”. Enter the name as it appears "
            "in the profile address, last.fm/user/<name>."
        ) % {"user": user}
    if getattr(error, "code", None) in {
        errors.INVALID_API_KEY,
        errors.SUSPENDED_API_KEY,
    }:
        return _(
            "Last.fm rejected the API key (error %(code)s). Copy the key again "
            "from last.fm/api/accounts, or create one at "
            "last.fm/api/account/create."
        ) % {"code": error.code}
    if isinstance(error, errors.LastfmTransientError):
        return _(
            "Last.fm could not be reached (%(error)s). Nothing was saved; try "
            "again in a minute."
        ) % {"error": error.message}
    return _("Last.fm rejected the check: %(error)s") % {"error": error.message}


class LastfmAccountForm(forms.Form):
    """Last.fm user name and API key, checked with a live user.getInfo call."""

    lastfm_user = forms.CharField(
        label=_("Last.fm user name"),
        max_length=64,
        help_text=_("The account whose scrobbles become playlists."),
    )
    lastfm_api_key = forms.CharField(
        label=_("Last.fm API key"),
        max_length=64,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
        help_text=_(
            "32 hexadecimal characters. Create one at last.fm/api/account/create."
        ),
    )

    def clean_lastfm_user(self) -> str:
        return self.cleaned_data["lastfm_user"].strip()

    def clean_lastfm_api_key(self) -> str:
        key = self.cleaned_data["lastfm_api_key"].strip()
        if not API_KEY_PATTERN.fullmatch(key):
            raise forms.ValidationError(
                _(
                    "An API key has 32 hexadecimal characters (0-9, a-f); the "
                    "value entered has %(count)d characters. Copy the key "
                    "again from last.fm/api/accounts."
                ),
                code="format",
                params={"count": len(key)},
            )
        return key

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        sync_settings = _settings_or_error()
        try:
            self.profile = check_lastfm_account(
                cleaned["lastfm_user"],
                cleaned["lastfm_api_key"],
                sync_settings.lastfm_api_url,
            )
        except LastfmError as error:
            logger.info(
                "Last.fm check failed for user %s at %s: %s",
                cleaned["lastfm_user"],
                sync_settings.lastfm_api_url,
                error.message,
            )
            raise forms.ValidationError(
                lastfm_error_message(error, cleaned["lastfm_user"]), code="lastfm"
            ) from None
        return cleaned

    def save(self) -> None:
        update_env_file(
            Path(settings.ENV_FILE),
            {
                "LASTFM_USER": self.cleaned_data["lastfm_user"],
                "LASTFM_API_KEY": self.cleaned_data["lastfm_api_key"],
            },
        )


class YTMusicHeadersForm(forms.Form):
    """Request headers pasted from the browser's network tab."""

    headers_raw = forms.CharField(
        label=_("Request headers"),
        widget=forms.Textarea(
            attrs={"rows": 12, "spellcheck": "false", "autocomplete": "off"}
        ),
        strip=False,
    )

    def clean_headers_raw(self) -> str:
        raw = self.cleaned_data["headers_raw"]
        try:
            build_browser_headers(raw)
        except BrowserAuthError as error:
            raise forms.ValidationError(str(error), code="headers") from None
        self.auth_path = _settings_or_error().auth_path
        return raw

    def save(self) -> Path:
        save_browser_auth(self.auth_path, self.cleaned_data["headers_raw"])
        return self.auth_path
