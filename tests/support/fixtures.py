"""pytest fixtures over the test support code, registered in tests/conftest.py.

Kept apart from the fakes themselves, so the demo mode can import the fakes
without pytest installed.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.ytmusic_fake import (
    FACTORY_PATH,
    FakeServer,
    reset,
    write_browser_json,
)


@pytest.fixture
def fake_ytmusic(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeServer]:
    """A fresh fake server, plugged in through YTMUSIC_CLIENT_FACTORY.

    Writes a valid browser.json into the isolated home and makes every
    gateway sleep on the server's fake clock.
    """
    from sync.ytmusic import client as client_module

    server = reset()
    write_browser_json(isolated_home / "browser.json")
    monkeypatch.setenv("YTMUSIC_CLIENT_FACTORY", FACTORY_PATH)
    monkeypatch.setattr(client_module, "DEFAULT_SLEEP", server.clock.sleep)
    yield server
    reset()
