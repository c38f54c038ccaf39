"""System checks run by `manage.py check` and at start-up.

They are warnings, not errors: an error would stop the web app from
starting, and the Settings page is where a user fixes these values.
"""

from typing import Any

from django.core.checks import CheckMessage, Warning, register

from sync.conf import ConfigError, load_sync_settings
from sync.configfiles import ConfigFileError, load_overrides

DOCS_HINT = "Every key is described in docs/configuration.md and .env.example."


@register()
def check_sync_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Report invalid or missing sync settings before the first sync does."""
    try:
        settings = load_sync_settings()
    except ConfigError as error:
        return [Warning(str(error), hint=DOCS_HINT, id="sync.W002")]

    messages: list[CheckMessage] = []
    if not settings.lastfm_user or not settings.lastfm_api_key:
        messages.append(
            Warning(
                "LASTFM_USER or LASTFM_API_KEY is not set, so syncs cannot run.",
                hint="Finish the setup page of the web app or set both in .env.",
                id="sync.W001",
            )
        )
    try:
        load_overrides(settings.overrides_path)
    except ConfigFileError as error:
        messages.append(
            Warning(
                str(error),
                hint="Fix the JSON or move the file away to start empty.",
                id="sync.W003",
            )
        )
    return messages
