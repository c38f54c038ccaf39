"""Sign-in, sign-out and login throttling."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sync import throttle
from sync.models import StateValue

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture
def user():
    return get_user_model().objects.create_user("alice", password=PASSWORD)


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("sync:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_it_signs_in_and_redirects_to_next(client, user):
    response = client.post(
        reverse("sync:login"),
        {"username": "alice", "password": PASSWORD, "next": "/settings/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/settings/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_rejects_a_wrong_password(client, user):
    response = sign_in(client, "alice", "wrong")
    assert response.status_code == 200
    assert "The user name or password is wrong." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_page_redirects_to_setup_without_users(client):
    response = client.get(reverse("sync:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("sync:setup")


def test_it_locks_a_user_name_after_five_failures(client, user):
    for attempt in range(4):
        response = sign_in(client, "alice", "wrong", address=f"10.0.0.{attempt}")
        assert response.status_code == 200

    fifth = sign_in(client, "alice", "wrong", address="10.0.0.9")
    assert fifth.status_code == 429
    assert "Too many failed sign-ins for this user" in fifth.content.decode()
    assert "15 more minutes" in fifth.content.decode()

    # The right password is refused too while the lock lasts.
    locked = sign_in(client, "alice", PASSWORD, address="10.0.0.10")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_locks_an_address_across_user_names(client, user):
    for name in ["bob", "carol", "dave", "erin"]:
        assert sign_in(client, name, "wrong", address="192.0.2.7").status_code == 200
    assert sign_in(client, "frank", "wrong", address="192.0.2.7").status_code == 429

    response = sign_in(client, "alice", PASSWORD, address="192.0.2.7")
    assert response.status_code == 429
    assert "Too many failed sign-ins from your address" in response.content.decode()

    other_address = sign_in(client, "alice", PASSWORD, address="192.0.2.8")
    assert other_address.status_code == 302


def test_lock_ends_after_fifteen_minutes(client, user):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            sign_in(client, "alice", "wrong")
        traveller.shift(timedelta(minutes=14, seconds=59))
        still_locked = sign_in(client, "alice", PASSWORD)
        assert still_locked.status_code == 429
        assert "1 more minute." in still_locked.content.decode()

        traveller.shift(timedelta(seconds=2))
        response = sign_in(client, "alice", PASSWORD)
        assert response.status_code == 302


def test_old_failures_fall_out_of_the_window(client, user):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(4):
            sign_in(client, "alice", "wrong")
        traveller.shift(throttle.LOCK_DURATION + timedelta(seconds=1))
        # Four old failures plus one new one make one failure in the window.
        assert sign_in(client, "alice", "wrong").status_code == 200
        assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_good_sign_in_clears_the_failures(client, user):
    for _ in range(4):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    assert StateValue.objects.filter(key__startswith="login-failures:").count() == 0


def test_user_name_is_not_stored_in_clear(client, user):
    sign_in(client, "alice", "wrong")
    keys = set(StateValue.objects.values_list("key", flat=True))
    assert "login-failures:address:10.0.0.1" in keys
    assert all("alice" not in key for key in keys)


def test_user_lock_ignores_case_of_the_name(client, user):
    for number, name in enumerate(["alice", "ALICE", "Alice", "aLiCe", "alicE"]):
        sign_in(client, name, "wrong", address=f"10.1.0.{number}")
    lockout = throttle.active_lockout("203.0.113.1", "Alice")
    assert lockout is not None
    assert lockout.subject == "user"


def test_it_signs_out_on_post_only(client, user):
    client.force_login(user)
    assert client.get(reverse("sync:logout")).status_code == 405
    response = client.post(reverse("sync:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("sync:login")
    assert "_auth_user_id" not in client.session


def test_login_form_requires_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("sync:login"), {"username": "alice", "password": PASSWORD}
    )
    assert response.status_code == 403

    page = client.get(reverse("sync:login"))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("sync:login"),
        {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_language_cookie_switches_to_german(client, user):
    response = client.post(
        reverse("sync:set-language"), {"language": "de", "next": "/login/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert response.cookies["ytmt_language"].value == "de"

    page = client.get(reverse("sync:login"))
    assert '<html lang="de">' in page.content.decode()


def test_accept_language_picks_german(client, user):
    page = client.get(reverse("sync:login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert '<html lang="de">' in page.content.decode()


def test_csrf_failure_page_explains_the_fix(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("sync:login"), {"username": "alice", "password": PASSWORD}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "The form's security token (CSRF) was missing or expired" in html
    assert "CSRF_TRUSTED_ORIGINS" in html
