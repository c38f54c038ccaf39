"""Cache page: search, pagination, delete one, delete many with consent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sync.models import ActionLog, SearchCacheEntry

pytestmark = pytest.mark.django_db


def make_entries(count: int, *, found: bool = True, prefix: str = "artist") -> None:
    SearchCacheEntry.objects.bulk_create(
        SearchCacheEntry(
            key=f"{prefix} {number}|song {number}",
            artist=f"{prefix} {number}",
            title=f"song {number}",
            found=found,
            video_id=f"{number:011d}" if found else "",
            yt_title=f"Song {number}" if found else "",
        )
        for number in range(count)
    )


def test_it_paginates_server_side_without_per_row_queries(admin_client):
    make_entries(120)

    with CaptureQueriesContext(connection) as full_page_queries:
        admin_client.get(reverse("sync:cache-list"), {"page": 1})
    with CaptureQueriesContext(connection) as last_page_queries:
        response = admin_client.get(reverse("sync:cache-list"), {"page": 3})

    page = response.content.decode()
    assert "120 entries" in page
    assert "Page 3 of 3" in page
    assert page.count('class="button button--quiet">Delete</button>') == 20
    # 50 rows cost no more queries than 20 rows.
    assert len(full_page_queries) == len(last_page_queries)


def test_it_searches_keys_and_filters_by_state(admin_client):
    make_entries(3, prefix="alpha")
    make_entries(2, found=False, prefix="beta")

    response = admin_client.get(
        reverse("sync:cache-list"), {"q": "BETA 1", "state": "not_found"}
    )

    entries = list(response.context["page"])
    assert [entry.key for entry in entries] == ["beta 1|song 1"]


def test_page_links_keep_the_filters(admin_client):
    make_entries(60, found=False)

    page = admin_client.get(
        reverse("sync:cache-list"), {"state": "not_found"}
    ).content.decode()

    assert "?state=not_found&amp;page=2" in page


def test_it_deletes_one_entry(admin_client):
    make_entries(2)
    entry = SearchCacheEntry.objects.get(key="artist 0|song 0")

    response = admin_client.post(
        reverse("sync:cache-delete", args=[entry.pk]), follow=True
    )

    assert list(SearchCacheEntry.objects.values_list("key", flat=True)) == [
        "artist 1|song 1"
    ]
    assert "Cache entry for artist 0|song 0 deleted" in response.content.decode()
    assert ActionLog.objects.get().action == "cache.delete"


def test_deleting_a_missing_entry_says_so(admin_client):
    response = admin_client.post(reverse("sync:cache-delete", args=[42]), follow=True)

    assert "Cache entry 42 does not exist" in response.content.decode()


def test_purge_needs_the_confirmation_box(admin_client):
    make_entries(3)

    response = admin_client.post(
        reverse("sync:cache-purge"), {"scope": "all"}, follow=True
    )

    assert SearchCacheEntry.objects.count() == 3
    assert "Nothing was deleted. Tick “Yes, delete them” to confirm." in (
        response.content.decode()
    )
    assert ActionLog.objects.count() == 0


def test_it_purges_only_not_found_entries(admin_client):
    make_entries(3)
    make_entries(2, found=False, prefix="missing")

    response = admin_client.post(
        reverse("sync:cache-purge"),
        {"scope": "not_found", "confirm": "on"},
        follow=True,
    )

    assert SearchCacheEntry.objects.count() == 3
    assert not SearchCacheEntry.objects.filter(found=False).exists()
    assert "2 cache entries deleted." in response.content.decode()
    log = ActionLog.objects.get()
    assert log.action == "cache.purge_not_found"
    assert log.details == {"count": 2}


def test_it_purges_every_entry(admin_client):
    make_entries(3)
    make_entries(2, found=False, prefix="missing")

    admin_client.post(reverse("sync:cache-purge"), {"scope": "all", "confirm": "on"})

    assert SearchCacheEntry.objects.count() == 0
    assert ActionLog.objects.get().action == "cache.purge_all"
