"""Run history: pagination over many runs and the Activity list."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sync import curation
from sync.models import SyncRun, SyncRunLine

pytestmark = pytest.mark.django_db


def make_runs(count: int) -> list[SyncRun]:
    now = timezone.now()
    return SyncRun.objects.bulk_create(
        SyncRun(
            trigger="scheduled",
            status=SyncRun.Status.SUCCESS,
            started_at=now - timedelta(hours=number),
            finished_at=now - timedelta(hours=number) + timedelta(seconds=42),
            report={"tracks": [{"artist": "a", "title": "b", "status": "added"}]},
        )
        for number in range(count)
    )


def test_run_list_paginates_a_thousand_runs(admin_client):
    runs = make_runs(1000)

    with CaptureQueriesContext(connection) as first_page:
        admin_client.get(reverse("sync:run-list"))
    with CaptureQueriesContext(connection) as last_page:
        response = admin_client.get(reverse("sync:run-list"), {"page": 20})

    page = response.content.decode()
    assert "Page 20 of 20" in page
    shown = list(response.context["page"].object_list)
    assert len(shown) == 50
    assert shown[-1].started_at == min(run.started_at for run in runs)
    assert "42 s" in page
    assert len(first_page) == len(last_page)
    assert all('"report"' not in query["sql"] for query in last_page)


def test_run_list_shows_activity(admin_client, django_user_model):
    user = django_user_model.objects.get(username="admin")
    curation.record(user, "override.add", "band|song y", video_id="bbbbbbbbbbb")
    curation.record(None, "cache.purge_all", count=12)

    page = admin_client.get(reverse("sync:run-list")).content.decode()

    assert "Override added" in page
    assert "band|song y" in page
    assert "Cache emptied" in page
    assert "(12)" in page
    assert "<td>admin</td>" in page


def test_run_detail_shows_the_output(admin_client):
    run = SyncRun.objects.create(trigger="cli", status=SyncRun.Status.SUCCESS)
    SyncRunLine.objects.create(run=run, seq=1, text="Fetched 1,204 scrobbles")

    page = admin_client.get(reverse("sync:run-detail", args=[run.pk])).content.decode()

    assert "Fetched 1,204 scrobbles" in page


def test_run_detail_of_a_missing_run_is_404(admin_client):
    response = admin_client.get(reverse("sync:run-detail", args=[404]))

    assert response.status_code == 404
