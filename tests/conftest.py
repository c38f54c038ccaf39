"""Fixtures shared by every test: an isolated app folder and fast settings.

No test reads the developer's `.env`, `browser.json` or `cache/`: each one
gets a fresh YTMT_HOME under tmp_path and a process environment without any
sync key.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from sync.conf import FIELDS

# The YouTube Music fake's `fake_ytmusic` fixture, available to every test.
pytest_plugins = ["tests.support.fixtures"]

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, settings, monkeypatch) -> Iterator[Path]:
    """Point YTMT_HOME, .env and the cache folder at a temporary folder."""
    home = tmp_path / "home"
    (home / "cache").mkdir(parents=True)
    (home / "config").mkdir()
    settings.YTMT_HOME = home
    settings.ENV_FILE = home / ".env"
    settings.CACHE_DIR = home / "cache"
    settings.CONFIG_DIR = home / "config"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    for spec in FIELDS:
        monkeypatch.delenv(spec.key, raising=False)
    # LocaleMiddleware leaves the language of the last request active in the
    # thread; start every test in English.
    translation.activate("en")
    yield home
    translation.deactivate()


@pytest.fixture
def shared_dir() -> Path:
    """The shared data folder beside the repository, or skip when absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared test data not found at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture
def write_env(isolated_home: Path):
    """Write KEY=VALUE lines to the isolated .env file."""

    def write(**values: object) -> Path:
        path = isolated_home / ".env"
        lines = [f"{key}={value}" for key, value in values.items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write
