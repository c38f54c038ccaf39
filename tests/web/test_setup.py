"""First-launch setup: admin account, Last.fm check, YouTube Music headers."""

import json
import stat
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from sync.envfile import read_env_file
from tests.support.lastfm_emulator import LastfmEmulator

pytestmark = pytest.mark.django_db

API_KEY = "0123456789abcdef0123456789abcdef"
PASSWORD = "a-long enough passphrase"
# The shared pastes are redacted; a signed-in browser sends this cookie.
COOKIE = "SID=abc123; __Secure-3PAPISID=sapisid-value/xyz; HSID=qwe"


def redacted_cookie_to_real(paste: str, layout: str) -> str:
    if layout == "chrome":
        return paste.replace("cookie\n[REDACTED]", f"cookie\n{COOKIE}")
    return paste.replace("Cookie: [REDACTED]", f"Cookie: {COOKIE}")


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser("admin", password=PASSWORD)
    client.force_login(user)
    return user


@pytest.fixture
def emulator(write_env):
    with LastfmEmulator(user="alice", api_key=API_KEY) as emu:
        write_env(LASTFM_API_URL=emu.url)
        yield emu


def test_every_page_redirects_to_setup_before_any_user(client):
    for url in ["/", "/settings/", "/login/", "/setup/lastfm/"]:
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == reverse("sync:setup"), url
        assert response.status_code == 200


def test_it_creates_the_admin_with_argon2(client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    response = client.post(
        reverse("sync:setup"),
        {"username": "admin", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("sync:setup-lastfm")

    user = get_user_model().objects.get()
    assert user.username == "admin"
    assert user.is_superuser is True
    assert user.is_staff is True
    assert user.password.startswith("argon2$")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_setup_rejects_mismatched_and_weak_passwords(client):
    mismatch = client.post(
        reverse("sync:setup"),
        {"username": "admin", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert mismatch.status_code == 400
    assert "The two password fields didn" in mismatch.content.decode()

    weak = client.post(
        reverse("sync:setup"),
        {"username": "admin", "password1": "12345678", "password2": "12345678"},
    )
    assert weak.status_code == 400
    assert "This password is too common." in weak.content.decode()
    assert get_user_model().objects.count() == 0


def test_setup_page_closes_once_a_user_exists(client):
    get_user_model().objects.create_user("first", password=PASSWORD)
    page = client.get(reverse("sync:setup"))
    assert page.status_code == 302
    assert page["Location"] == reverse("sync:login")

    response = client.post(
        reverse("sync:setup"),
        {"username": "intruder", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="intruder").exists() is False


def test_createsuperuser_still_works(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", "--noinput", username="root", email="root@example.org"
    )
    user = get_user_model().objects.get(username="root")
    assert user.check_password(PASSWORD) is True
    assert client.get(reverse("sync:login")).status_code == 200


def test_lastfm_step_checks_and_saves(client, admin, emulator, isolated_home):
    response = client.post(
        reverse("sync:setup-lastfm"),
        {"lastfm_user": " alice ", "lastfm_api_key": API_KEY},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("sync:setup-ytmusic")
    assert emulator.requests["user.getInfo"] == 1

    env_path = isolated_home / ".env"
    values = read_env_file(env_path)
    assert values["LASTFM_USER"] == "alice"
    assert values["LASTFM_API_KEY"] == API_KEY
    assert values["LASTFM_API_URL"] == emulator.url
    assert stat.S_IMODE(env_path.stat().st_mode) == 0o600


def test_lastfm_step_reports_an_unknown_user(client, admin, emulator, isolated_home):
    response = client.post(
        reverse("sync:setup-lastfm"),
        {"lastfm_user": "nobody-here", "lastfm_api_key": API_KEY},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Last.fm has no user named “nobody-here”. Enter the name as it appears "
        "in the profile address, last.fm/user/<name>."
    ]
    assert "LASTFM_USER" not in read_env_file(isolated_home / ".env")


def test_lastfm_step_reports_a_wrong_key(client, admin, emulator, isolated_home):
    response = client.post(
        reverse("sync:setup-lastfm"),
        {"lastfm_user": "alice", "lastfm_api_key": "f" * 32},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Last.fm rejected the API key (error 10). Copy the key again from "
        "last.fm/api/accounts, or create one at last.fm/api/account/create."
    ]
    assert "LASTFM_API_KEY" not in read_env_file(isolated_home / ".env")


def test_lastfm_step_reports_an_outage(
    client, admin, emulator, isolated_home, monkeypatch
):
    monkeypatch.setattr("sync.forms.setup.retry_sleep", lambda seconds: None)
    emulator.fail("user.getInfo", 503, times=2)
    response = client.post(
        reverse("sync:setup-lastfm"),
        {"lastfm_user": "alice", "lastfm_api_key": API_KEY},
    )
    assert response.status_code == 400
    [message] = response.context["form"].non_field_errors()
    assert message.startswith("Last.fm could not be reached (")
    assert message.endswith("). Nothing was saved; try again in a minute.")
    assert emulator.requests["user.getInfo"] == 2
    assert "LASTFM_USER" not in read_env_file(isolated_home / ".env")


def test_lastfm_step_rejects_malformed_key(client, admin, emulator):
    response = client.post(
        reverse("sync:setup-lastfm"),
        {"lastfm_user": "alice", "lastfm_api_key": "not-a-key"},
    )
    assert response.status_code == 400
    assert "the value entered has 9 characters" in response.content.decode()
    assert emulator.requests["user.getInfo"] == 0


def test_lastfm_step_needs_a_session(client, emulator):
    get_user_model().objects.create_user("someone", password=PASSWORD)
    response = client.get(reverse("sync:setup-lastfm"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sync:login"))


@pytest.mark.parametrize("layout", ["chrome", "firefox"])
def test_ytmusic_step_saves_a_real_paste(
    client, admin, shared_dir, isolated_home, layout
):
    paste = (shared_dir / "data/ytmusic" / f"raw_{layout}_headers.txt").read_text()
    # Browsers post textarea content with CRLF line ends.
    posted = redacted_cookie_to_real(paste, layout).replace("\n", "\r\n")
    response = client.post(reverse("sync:setup-ytmusic"), {"headers_raw": posted})
    assert response.status_code == 302

    path = isolated_home / "browser.json"
    headers = json.loads(path.read_text())
    assert headers["cookie"] == COOKIE
    assert headers["x-goog-authuser"] == "[REDACTED]"
    assert headers["authorization"].startswith("SAPISIDHASH ")
    assert "Decoded" not in headers
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_saved_headers_load_in_ytmusicapi(client, admin, shared_dir, isolated_home):
    from ytmusicapi import YTMusic
    from ytmusicapi.auth.types import AuthType

    paste = (shared_dir / "data/ytmusic/raw_firefox_headers.txt").read_text()
    client.post(
        reverse("sync:setup-ytmusic"),
        {"headers_raw": redacted_cookie_to_real(paste, "firefox")},
    )
    assert YTMusic(str(isolated_home / "browser.json")).auth_type == AuthType.BROWSER


def test_ytmusic_step_names_the_missing_cookie(
    client, admin, shared_dir, isolated_home
):
    paste = (shared_dir / "data/ytmusic/raw_chrome_headers.txt").read_text()
    response = client.post(reverse("sync:setup-ytmusic"), {"headers_raw": paste})
    assert response.status_code == 400
    assert "has no __Secure-3PAPISID cookie" in response.content.decode()
    assert not (isolated_home / "browser.json").exists()


def test_ytmusic_step_names_the_missing_header(
    client, admin, shared_dir, isolated_home
):
    paste = (shared_dir / "data/ytmusic/raw_firefox_headers.txt").read_text()
    without_cookie = "\n".join(
        line for line in paste.splitlines() if not line.startswith("Cookie:")
    )
    response = client.post(
        reverse("sync:setup-ytmusic"), {"headers_raw": without_cookie}
    )
    assert response.status_code == 400
    assert "The paste has no cookie header." in response.content.decode()
    assert not (isolated_home / "browser.json").exists()


def test_ytmusic_step_keeps_old_file(client, admin, isolated_home):
    path = isolated_home / "browser.json"
    path.write_text('{"cookie": "old"}')
    response = client.post(reverse("sync:setup-ytmusic"), {"headers_raw": "nonsense"})
    assert response.status_code == 400
    assert path.read_text() == '{"cookie": "old"}'


def test_ytmusic_step_writes_to_ytm_auth_path(
    client, admin, shared_dir, write_env, isolated_home
):
    write_env(YTM_AUTH_PATH="secrets/yt.json")
    paste = (shared_dir / "data/ytmusic/raw_firefox_headers.txt").read_text()
    client.post(
        reverse("sync:setup-ytmusic"),
        {"headers_raw": redacted_cookie_to_real(paste, "firefox")},
    )
    assert Path(isolated_home / "secrets/yt.json").is_file()


def test_ytmusic_step_names_every_missing_header(client, admin, isolated_home):
    response = client.post(
        reverse("sync:setup-ytmusic"), {"headers_raw": "accept\n*/*\n"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["headers_raw"] == [
        "The paste has none of the headers cookie, x-goog-authuser. Copy the "
        "headers of a request to music.youtube.com/youtubei/v1/browse made "
        "while signed in."
    ]


def test_ytmusic_step_rejects_an_empty_paste(client, admin):
    response = client.post(reverse("sync:setup-ytmusic"), {"headers_raw": "  \n"})
    assert response.status_code == 400
    assert response.context["form"].errors["headers_raw"] == [
        "The paste is empty. Copy the request headers of a music.youtube.com "
        "request (such as /browse) from the browser's network tab."
    ]
