"""Health probes for Docker and reverse proxies; reachable without login."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sync.conf import ConfigError, load_sync_settings
from sync.ytmusic.client import check_auth_file
from sync.ytmusic.errors import YTMusicAuthError


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Return 200 at once, touching nothing, so the container check stays cheap."""
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False


def _cache_dir_writable() -> bool:
    cache_dir = Path(settings.CACHE_DIR)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache_dir, prefix=".readyz-"):
            pass
        return True
    except OSError:
        return False


def _ytmusic_credentials_ok(path: Path) -> bool:
    try:
        check_auth_file(path)
    except YTMusicAuthError:
        return False
    return True


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Check the database, cache folder and credentials; 503 when any fails."""
    checks = {"database": _database_ok(), "cache_dir_writable": _cache_dir_writable()}
    try:
        sync_settings = load_sync_settings()
        checks["lastfm_credentials"] = bool(
            sync_settings.lastfm_user and sync_settings.lastfm_api_key
        )
        checks["ytmusic_credentials"] = _ytmusic_credentials_ok(sync_settings.auth_path)
        checks["settings_valid"] = True
    except ConfigError:
        checks["settings_valid"] = False
        checks["lastfm_credentials"] = False
        checks["ytmusic_credentials"] = False
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
