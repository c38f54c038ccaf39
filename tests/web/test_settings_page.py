"""The Settings page: every key, validation, secrets, environment, writing."""

import stat

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sync.conf import FIELDS, GROUPS
from sync.envfile import read_env_file
from sync.forms.settings import SECRET_MASK

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser("admin", password="x")
    client.force_login(user)
    return user


def form_data(client) -> dict[str, str]:
    """Return the values the page would post back unchanged."""
    form = client.get(reverse("sync:settings")).context["form"]
    return {
        name: field.initial for name, field in form.fields.items() if not field.disabled
    }


def test_it_shows_every_key_in_its_group(client, admin):
    response = client.get(reverse("sync:settings"))
    assert response.status_code == 200
    html = response.content.decode()
    for spec in FIELDS:
        assert f'name="{spec.key}"' in html, spec.key
    groups = list(response.context["form"].groups())
    assert [group.key for group in groups] == list(GROUPS)
    shown = [row.spec.key for group in groups for row in group.rows]
    assert sorted(shown) == sorted(spec.key for spec in FIELDS)


def test_it_shows_help_defaults_and_restart_notes(client, admin):
    html = client.get(reverse("sync:settings")).content.decode()
    assert "Number of tracks in the main playlist." in html
    assert "Default: 100" in html
    assert html.count("Restart required") == sum(
        1 for spec in FIELDS if spec.restart_required
    )


def test_unchanged_post_writes_nothing(client, admin, isolated_home):
    response = client.post(reverse("sync:settings"), form_data(client))
    assert response.status_code == 302
    assert not (isolated_home / ".env").exists()


def test_it_saves_changed_keys_keeping_comments(client, admin, isolated_home):
    env_path = isolated_home / ".env"
    env_path.write_text("# my notes\nLIMIT=50\nSOMETHING_ELSE=kept  # unknown key\n")
    data = form_data(client)
    data.update(LIMIT="250", PLAYLIST_PRIVACY="UNLISTED", TIMEZONE="Europe/Berlin")
    response = client.post(reverse("sync:settings"), data)
    assert response.status_code == 302

    text = env_path.read_text()
    assert text.startswith(
        "# my notes\nLIMIT=250\nSOMETHING_ELSE=kept  # unknown key\n"
    )
    values = read_env_file(env_path)
    assert values["PLAYLIST_PRIVACY"] == "UNLISTED"
    assert values["TIMEZONE"] == "Europe/Berlin"
    assert values["SOMETHING_ELSE"] == "kept"
    assert "DEDUPLICATE" not in values
    assert stat.S_IMODE(env_path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("LIMIT", "0", "from 1 to 5000"),
        ("LIMIT", "many", "use a whole number (from 1 to 5000)"),
        (
            "TIMEZONE",
            "Mars/Olympus",
            "use an IANA time zone name such as UTC or Europe/Berlin",
        ),
        (
            "AUTO_SYNC_CRON",
            "every hour",
            "use five cron fields (minute hour day month weekday), such as 0 */6 * * *",
        ),
        ("LASTFM_API_URL", "ftp://example.org", "use an http:// or https:// URL"),
        (
            "RECENCY_SESSION_HOURS",
            "25-3",
            "hours must be between 0 and 24, such as 9-23",
        ),
    ],
)
def test_it_rejects_invalid_values(client, admin, isolated_home, key, value, message):
    (isolated_home / ".env").write_text("LIMIT=50\n")
    data = form_data(client)
    data[key] = value
    response = client.post(reverse("sync:settings"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors[key]
    assert errors == [f"{value!r} is not valid for {key}: {message}."]
    assert (isolated_home / ".env").read_text() == "LIMIT=50\n"


def test_choice_outside_the_list_is_rejected(client, admin, isolated_home):
    data = form_data(client)
    data["PLAYLIST_PRIVACY"] = "SECRET"
    response = client.post(reverse("sync:settings"), data)
    assert response.status_code == 400
    assert "PLAYLIST_PRIVACY" in response.context["form"].errors
    assert not (isolated_home / ".env").exists()


def test_secrets_are_masked_and_kept(client, admin, isolated_home):
    env_path = isolated_home / ".env"
    env_path.write_text("LASTFM_API_KEY=0123456789abcdef0123456789abcdef\n")
    html = client.get(reverse("sync:settings")).content.decode()
    assert "0123456789abcdef" not in html
    assert f'value="{SECRET_MASK}"' in html

    data = form_data(client)
    assert data["LASTFM_API_KEY"] == SECRET_MASK
    data["LIMIT"] = "20"
    client.post(reverse("sync:settings"), data)
    values = read_env_file(env_path)
    assert values["LASTFM_API_KEY"] == "0123456789abcdef0123456789abcdef"
    assert values["LIMIT"] == "20"


def test_secret_can_be_replaced_and_cleared(client, admin, isolated_home):
    env_path = isolated_home / ".env"
    env_path.write_text("WEBHOOK_URL=https://old.example.org/hook\n")
    data = form_data(client)
    data["WEBHOOK_URL"] = "https://new.example.org/hook"
    client.post(reverse("sync:settings"), data)
    assert read_env_file(env_path)["WEBHOOK_URL"] == "https://new.example.org/hook"

    data = form_data(client)
    data["WEBHOOK_URL"] = ""
    client.post(reverse("sync:settings"), data)
    assert read_env_file(env_path)["WEBHOOK_URL"] == ""


def test_invalid_secret_is_not_echoed(client, admin):
    data = form_data(client)
    data["WEBHOOK_URL"] = "gopher://token@example.org"
    response = client.post(reverse("sync:settings"), data)
    assert response.status_code == 400
    assert "gopher://token" not in str(response.context["form"].errors)


def test_environment_keys_are_read_only(client, admin, isolated_home, monkeypatch):
    monkeypatch.setenv("LIMIT", "75")
    response = client.get(reverse("sync:settings"))
    field = response.context["form"].fields["LIMIT"]
    assert field.disabled is True
    assert field.initial == "75"
    assert "Set in the process environment" in response.content.decode()

    data = form_data(client)
    data["LIMIT"] = "999"
    data["PLAYLIST_NAME"] = "Mine"
    client.post(reverse("sync:settings"), data)
    values = read_env_file(isolated_home / ".env")
    assert "LIMIT" not in values
    assert values["PLAYLIST_NAME"] == "Mine"


def test_restart_required_keys_say_so_after_saving(client, admin):
    data = form_data(client)
    data["ALLOWED_HOSTS"] = "music.example.org"
    response = client.post(reverse("sync:settings"), data, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "Saved ALLOWED_HOSTS.",
        "Restart ytmt for ALLOWED_HOSTS to take effect.",
    ]


def test_bool_spelling_in_env_is_kept_when_unchanged(client, admin, isolated_home):
    env_path = isolated_home / ".env"
    env_path.write_text("DEDUPLICATE=yes\n")
    data = form_data(client)
    assert data["DEDUPLICATE"] == "true"
    client.post(reverse("sync:settings"), data)
    assert env_path.read_text() == "DEDUPLICATE=yes\n"


def test_saving_reschedules(client, admin, monkeypatch):
    import sync.scheduler

    calls = []
    monkeypatch.setattr(sync.scheduler, "reschedule", lambda: calls.append(1))
    data = form_data(client)
    data["AUTO_SYNC_ENABLED"] = "true"
    client.post(reverse("sync:settings"), data)
    assert calls == [1]


def test_it_shows_the_next_three_runs(client, admin, write_env):
    write_env(
        AUTO_SYNC_ENABLED="true", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="0 3 * * *"
    )
    response = client.get(reverse("sync:settings"))
    runs = response.context["next_runs"]
    assert len(runs) == 3
    assert [run.hour for run in runs] == [3, 3, 3]


def test_test_notification_button_calls_send_test(client, admin, monkeypatch):
    import sync.notifications

    sent = []

    def deliver(kind: str) -> sync.notifications.Delivery:
        sent.append(kind)
        return sync.notifications.Delivery(kind, True, "HTTP 204")

    monkeypatch.setattr(sync.notifications, "send_test", deliver)
    response = client.post(
        reverse("sync:settings-test-notification", args=["webhook"]), follow=True
    )
    assert sent == ["webhook"]
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["Test webhook notification sent."]


def test_test_notification_reports_a_refusal(client, admin, monkeypatch):
    import sync.notifications

    monkeypatch.setattr(
        sync.notifications,
        "send_test",
        lambda kind: sync.notifications.Delivery(
            kind, False, "WEBHOOK_URL is empty; set it in Settings."
        ),
    )
    response = client.post(
        reverse("sync:settings-test-notification", args=["webhook"]), follow=True
    )
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "The test webhook notification was not delivered: WEBHOOK_URL is empty; "
        "set it in Settings."
    ]


def test_real_send_test_reports_an_empty_webhook_url(client, admin):
    response = client.post(
        reverse("sync:settings-test-notification", args=["webhook"]), follow=True
    )
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "The test webhook notification was not delivered: WEBHOOK_URL is empty; "
        "set it in Settings."
    ]


def test_test_notification_reports_failure(client, admin, monkeypatch):
    import sync.notifications

    def fail(kind: str) -> bool:
        raise ValueError("APPRISE_URLS is empty")

    monkeypatch.setattr(sync.notifications, "send_test", fail)
    response = client.post(
        reverse("sync:settings-test-notification", args=["apprise"]), follow=True
    )
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["The test apprise notification failed: APPRISE_URLS is empty"]


def test_unknown_notification_kind_is_404(client, admin):
    response = client.post(reverse("sync:settings-test-notification", args=["fax"]))
    assert response.status_code == 404


def test_next_runs_show_in_the_configured_time_zone(client, admin, write_env):
    import time_machine

    write_env(
        AUTO_SYNC_ENABLED="true",
        AUTO_SYNC_TYPE="cron",
        AUTO_SYNC_CRON="0 3 * * *",
        TIMEZONE="Europe/Berlin",
    )
    with time_machine.travel("2026-12-04 12:00:00+00:00", tick=False):
        html = client.get(reverse("sync:settings")).content.decode()
    assert "Sat, 5 Dec 2026 03:00 CET" in html
    assert "Mon, 7 Dec 2026 03:00 CET" in html


def test_settings_link_to_the_wizard_steps(client, admin):
    html = client.get(reverse("sync:settings")).content.decode()
    assert f'href="{reverse("sync:setup-lastfm")}"' in html
    assert f'href="{reverse("sync:setup-ytmusic")}"' in html


def test_failed_reschedule_keeps_the_save(client, admin, monkeypatch, isolated_home):
    import sync.scheduler

    def broken() -> None:
        raise RuntimeError("scheduler lease is held by another process")

    monkeypatch.setattr(sync.scheduler, "reschedule", broken)
    data = form_data(client)
    data["LIMIT"] = "42"
    response = client.post(reverse("sync:settings"), data, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "Saved LIMIT.",
        "Settings saved, but the schedule was not updated: scheduler lease is "
        "held by another process",
    ]
    assert read_env_file(isolated_home / ".env")["LIMIT"] == "42"
