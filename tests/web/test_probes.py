"""/healthz and /readyz respond without a session."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.support.ytmusic_fake import write_browser_json

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_io(client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = client.get(reverse("sync:healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_fails_without_credentials(client) -> None:
    response = client.get(reverse("sync:readyz"))

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] is True
    assert checks["cache_dir_writable"] is True
    assert checks["lastfm_credentials"] is False
    assert checks["ytmusic_credentials"] is False


def test_readyz_passes_when_configured(client, write_env, isolated_home: Path) -> None:
    write_env(LASTFM_USER="alice", LASTFM_API_KEY="0123456789abcdef0123456789abcdef")
    write_browser_json(isolated_home / "browser.json")

    response = client.get(reverse("sync:readyz"))

    assert response.status_code == 200
    assert response.json()["status"] == "ready"


def test_readyz_rejects_browser_json_without_cookie(
    client, write_env, isolated_home: Path
) -> None:
    write_env(LASTFM_USER="alice", LASTFM_API_KEY="0123456789abcdef0123456789abcdef")
    (isolated_home / "browser.json").write_text("{}")

    response = client.get(reverse("sync:readyz"))

    assert response.status_code == 503
    assert response.json()["checks"]["ytmusic_credentials"] is False


def test_readyz_reports_invalid_settings(client, write_env) -> None:
    write_env(LIMIT="lots")

    response = client.get(reverse("sync:readyz"))

    assert response.status_code == 503
    assert response.json()["checks"]["settings_valid"] is False
