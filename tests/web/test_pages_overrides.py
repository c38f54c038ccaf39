"""Overrides, Not found and Blacklist pages: what each form writes."""

import json

import pytest
from django.urls import reverse

from sync.models import ActionLog, SearchCacheEntry

pytestmark = pytest.mark.django_db

VIDEO_ID = "dQw4w9WgXcQ"


@pytest.fixture
def overrides_file(isolated_home):
    return isolated_home / "config" / "search_overrides.json"


def read(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def add_override(client, video: str, **fields):
    data = {"artist": "Daft Punk", "title": "Veridis Quo", "video": video, **fields}
    return client.post(reverse("sync:override-add"), data)


@pytest.mark.parametrize(
    "video",
    [
        f"https://music.youtube.com/watch?v={VIDEO_ID}&list=RDAMVM{VIDEO_ID}",
        f"https://www.youtube.com/watch?v={VIDEO_ID}",
        f"https://youtu.be/{VIDEO_ID}?si=abc",
        VIDEO_ID,
    ],
)
def test_override_add_accepts_url_or_id(admin_client, overrides_file, video):
    response = add_override(admin_client, video, reason="live version")

    assert response.status_code == 302
    assert response["Location"] == reverse("sync:override-list")
    entry = read(overrides_file)["_overrides"]["daft punk|veridis quo"]
    assert entry["video_id"] == VIDEO_ID
    assert entry["artist"] == "Daft Punk"
    assert entry["title"] == "Veridis Quo"
    assert entry["reason"] == "live version"


def test_it_rejects_an_invalid_video_and_names_it(admin_client, overrides_file):
    response = add_override(admin_client, "https://example.com/watch?v=nope")

    assert response.status_code == 400
    page = response.content.decode()
    assert "“https://example.com/watch?v=nope” is not a YouTube Music link" in page
    assert "or the 11 characters after v=" in page
    assert not overrides_file.exists()
    assert ActionLog.objects.count() == 0


def test_it_requires_artist_and_title(admin_client, overrides_file):
    response = admin_client.post(
        reverse("sync:override-add"), {"artist": " ", "title": "", "video": VIDEO_ID}
    )

    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 2
    assert not overrides_file.exists()


def test_it_keeps_the_other_content_of_the_file(admin_client, overrides_file):
    overrides_file.write_text(
        json.dumps(
            {
                "_comment": "kept by hand",
                "_overrides": {"a|b": "aaaaaaaaaaa"},
                "_blacklist": ["c|d"],
                "_blacklist_artists": {},
            }
        )
    )

    add_override(admin_client, VIDEO_ID)

    document = read(overrides_file)
    assert document["_comment"] == "kept by hand"
    assert document["_overrides"]["a|b"] == "aaaaaaaaaaa"
    assert "c|d" in document["_blacklist"]
    assert document["_overrides"]["daft punk|veridis quo"]["video_id"] == VIDEO_ID


def test_override_add_drops_cache_entry(admin_client):
    SearchCacheEntry.objects.create(
        key="daft punk|veridis quo",
        artist="Daft Punk",
        title="Veridis Quo",
        found=False,
    )
    SearchCacheEntry.objects.create(key="other|song", artist="Other", title="Song")

    add_override(admin_client, VIDEO_ID)

    assert list(SearchCacheEntry.objects.values_list("key", flat=True)) == [
        "other|song"
    ]
    log = ActionLog.objects.get()
    assert log.action == "override.add"
    assert log.target == "daft punk|veridis quo"
    assert log.user.username == "admin"


def test_it_does_not_touch_a_malformed_file(admin_client, overrides_file):
    overrides_file.write_text('{"_overrides": {')

    response = add_override(admin_client, VIDEO_ID)

    assert response.status_code == 400
    assert "The override was not saved:" in response.content.decode()
    assert overrides_file.read_text() == '{"_overrides": {'


def test_override_list_shows_every_override(admin_client, overrides_file):
    add_override(admin_client, VIDEO_ID)

    page = admin_client.get(reverse("sync:override-list")).content.decode()

    assert "Veridis Quo" in page
    assert f"https://music.youtube.com/watch?v={VIDEO_ID}" in page
    assert f"{reverse('sync:override-update')}?key=daft%20punk%7Cveridis%20quo" in page


def test_add_form_is_prefilled_from_the_query(admin_client):
    response = admin_client.get(
        reverse("sync:override-add"), {"artist": "Band", "title": "Song Y"}
    )

    page = response.content.decode()
    assert 'value="Band"' in page
    assert 'value="Song Y"' in page


def test_it_edits_an_override_and_moves_its_key(admin_client, overrides_file):
    add_override(admin_client, VIDEO_ID)
    SearchCacheEntry.objects.create(key="daft punk|veridis quo (live)", artist="x")

    form = admin_client.get(
        reverse("sync:override-update"), {"key": "daft punk|veridis quo"}
    )
    assert 'value="daft punk|veridis quo"' in form.content.decode()
    response = admin_client.post(
        reverse("sync:override-update"),
        {
            "artist": "Daft Punk",
            "title": "Veridis Quo (Live)",
            "video": "https://youtu.be/aaaaaaaaaaa",
            "original_key": "daft punk|veridis quo",
        },
    )

    assert response.status_code == 302
    overrides = read(overrides_file)["_overrides"]
    assert list(overrides) == ["daft punk|veridis quo (live)"]
    assert overrides["daft punk|veridis quo (live)"]["video_id"] == "aaaaaaaaaaa"
    assert not SearchCacheEntry.objects.exists()
    assert ActionLog.objects.first().action == "override.update"


def test_editing_a_missing_override_is_404(admin_client):
    response = admin_client.get(reverse("sync:override-update"), {"key": "no|such"})

    assert response.status_code == 404


def test_it_deletes_an_override(admin_client, overrides_file):
    add_override(admin_client, VIDEO_ID)

    response = admin_client.post(
        reverse("sync:override-delete"), {"key": "daft punk|veridis quo"}, follow=True
    )

    assert read(overrides_file)["_overrides"] == {}
    assert "Override for daft punk|veridis quo deleted." in response.content.decode()
    assert ActionLog.objects.first().action == "override.delete"


def test_deleting_a_missing_override_says_so(admin_client, overrides_file):
    response = admin_client.post(
        reverse("sync:override-delete"), {"key": "no|such"}, follow=True
    )

    assert "There is no override for no|such." in response.content.decode()
    assert ActionLog.objects.count() == 0


def not_found_entry() -> SearchCacheEntry:
    return SearchCacheEntry.objects.create(
        key="band|song y",
        artist="Band",
        title="Song Y",
        found=False,
        candidate_video_id="bbbbbbbbbbb",
        candidate_title="Song Y (Karaoke)",
        candidate_artists="Sing King",
        candidate_score=0.41,
    )


def test_not_found_page_shows_the_best_rejected_candidate(admin_client):
    not_found_entry()
    SearchCacheEntry.objects.create(key="found|one", artist="Found", title="One")

    page = admin_client.get(reverse("sync:notfound-list")).content.decode()

    assert "Band – Song Y" in page
    assert "Song Y (Karaoke)" in page
    assert "https://music.youtube.com/watch?v=bbbbbbbbbbb" in page
    assert "score 0.41" in page
    assert "Found – One" not in page


def test_accepting_a_candidate_creates_an_override(admin_client, overrides_file):
    not_found_entry()
    back = reverse("sync:notfound-list") + "?page=1"

    response = admin_client.post(
        reverse("sync:override-add"),
        {"artist": "Band", "title": "Song Y", "video": "bbbbbbbbbbb", "next": back},
    )

    assert response["Location"] == back
    assert (
        read(overrides_file)["_overrides"]["band|song y"]["video_id"] == "bbbbbbbbbbb"
    )
    assert not SearchCacheEntry.objects.exists()
    page = admin_client.get(back).content.decode()
    assert "Override saved: Band – Song Y now uses video bbbbbbbbbbb." in page
    assert 'class="notfound-item__title">Band – Song Y' not in page


def test_it_ignores_a_next_url_on_another_site(admin_client):
    response = add_override(admin_client, VIDEO_ID, next="https://evil.example/")

    assert response["Location"] == reverse("sync:override-list")


def test_blacklisting_from_not_found_removes_the_entry(admin_client, overrides_file):
    not_found_entry()

    admin_client.post(
        reverse("sync:blacklist-add"),
        {"kind": "track", "artist": "Band", "title": "Song Y"},
    )

    assert "band|song y" in read(overrides_file)["_blacklist"]
    assert not SearchCacheEntry.objects.exists()
    assert ActionLog.objects.get().action == "blacklist.add_track"


def test_it_blacklists_an_artist(admin_client, overrides_file):
    response = admin_client.post(
        reverse("sync:blacklist-add"),
        {"kind": "artist", "artist": "Nickelback", "reason": "taste"},
    )

    assert response.status_code == 302
    entry = read(overrides_file)["_blacklist_artists"]["nickelback"]
    assert entry["artist"] == "Nickelback"
    assert entry["reason"] == "taste"
    page = admin_client.get(reverse("sync:blacklist-list")).content.decode()
    assert "Nickelback" in page


def test_blacklist_track_needs_title(admin_client, overrides_file):
    response = admin_client.post(
        reverse("sync:blacklist-add"), {"kind": "track", "artist": "Band"}
    )

    assert response.status_code == 400
    assert "A track needs its title." in response.content.decode()
    assert "every track of Band" in response.content.decode()
    assert not overrides_file.exists()


def test_it_removes_a_track_from_the_blacklist(admin_client, overrides_file):
    admin_client.post(
        reverse("sync:blacklist-add"),
        {"kind": "track", "artist": "Band", "title": "Song Y"},
    )

    response = admin_client.post(
        reverse("sync:blacklist-delete"),
        {"section": "_blacklist", "key": "band|song y"},
        follow=True,
    )

    assert read(overrides_file)["_blacklist"] == {}
    assert "band|song y was removed from the blacklist." in response.content.decode()


def test_removing_an_absent_artist_says_so(admin_client, overrides_file):
    response = admin_client.post(
        reverse("sync:blacklist-delete"),
        {"section": "_blacklist_artists", "key": "nobody"},
        follow=True,
    )

    assert "nobody is not on the blacklist." in response.content.decode()
    assert not overrides_file.exists()


def test_overrides_work_with_another_invalid_setting(
    admin_client, overrides_file, write_env
):
    write_env(LIMIT="lots")

    response = add_override(admin_client, VIDEO_ID)

    assert response.status_code == 302
    assert read(overrides_file)["_overrides"]["daft punk|veridis quo"]["video_id"] == (
        VIDEO_ID
    )
