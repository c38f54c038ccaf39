"""The demo factory seeds the fake's catalogue from a history."""

from pathlib import Path

import pytest

from tests.support import demo, ytmusic_fake


def test_demo_factory_builds_the_catalogue(shared_dir: Path, monkeypatch) -> None:
    history = shared_dir / "data" / "lastfm-scrobbles"
    path = history / "lastfm1k_sample_userid-timestamp-artid-artname-traid-traname.tsv"
    monkeypatch.setenv("YTMT_DEMO_HISTORY", str(path))
    monkeypatch.setattr(demo, "_seeded_path", None)

    client = demo.factory()
    rows = client.search("Underworld - Crocodile", filter="songs")

    assert ytmusic_fake.SERVER.songs
    assert any("Crocodile" in row["title"] for row in rows)


@pytest.fixture(autouse=True)
def reset_fake():
    yield
    ytmusic_fake.reset()
