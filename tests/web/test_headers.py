"""Security headers, CSP nonces and cookie flags on every response."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.web.test_access import ROUTES

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"'nonce-([^']+)'")
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser("admin", password="x")
    client.force_login(user)
    return user


def assert_security_headers(response) -> None:
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


def test_login_page_has_security_headers(client, admin):
    client.logout()
    assert_security_headers(client.get(reverse("sync:login")))


@pytest.mark.parametrize("name", ["sync:healthz", "sync:readyz", "sync:setup"])
def test_public_responses_have_security_headers(client, name):
    assert_security_headers(client.get(reverse(name)))


def test_not_found_page_has_security_headers(client, admin):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_script_nonce_matches_the_header_and_changes(client, admin):
    nonces = []
    for _ in range(2):
        response = client.get(reverse("sync:settings"))
        header_nonce = NONCE.search(response["Content-Security-Policy"]).group(1)
        scripts = SCRIPT_TAG.findall(response.content.decode())
        assert scripts, "the page loads the bundle"
        for attributes, _body in scripts:
            assert f'nonce="{header_nonce}"' in attributes
        nonces.append(header_nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.parametrize(
    ("name", "url"), [route for route in ROUTES if "<" not in route[1]]
)
def test_pages_have_no_inline_code_without_nonce(client, admin, name, url):
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response["Content-Type"]:
        return
    assert_security_headers(response)
    html = response.content.decode()
    header_nonce = NONCE.search(response["Content-Security-Policy"]).group(1)
    for attributes, body in SCRIPT_TAG.findall(html):
        if body.strip():
            assert f'nonce="{header_nonce}"' in attributes, (name, body[:80])
        else:
            assert "src=" in attributes, name
    assert INLINE_HANDLER.search(html) is None, name
    # style-src has no 'unsafe-inline', so style attributes would be dropped.
    assert STYLE_ATTRIBUTE.search(html) is None, name


def test_session_cookie_is_httponly_and_lax(client, admin):
    client.logout()
    user = get_user_model().objects.create_user("bob", password="pw-for-bob-123")
    response = client.post(
        reverse("sync:login"), {"username": user.username, "password": "pw-for-bob-123"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] == ""


def test_cookies_are_secure_behind_tls(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    user = get_user_model().objects.create_user("bob", password="pw-for-bob-123")
    client.get(reverse("sync:login"), HTTP_X_FORWARDED_PROTO="https")
    response = client.post(
        reverse("sync:login"),
        {"username": user.username, "password": "pw-for-bob-123"},
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


def test_csrf_cookie_is_secure_behind_tls(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    get_user_model().objects.create_user("bob", password="pw-for-bob-123")
    page = client.get(reverse("sync:login"), HTTP_X_FORWARDED_PROTO="https")
    assert page.cookies["csrftoken"]["secure"] is True

    client.cookies.clear()
    plain = client.get(reverse("sync:login"))
    assert plain.cookies["csrftoken"]["secure"] == ""


def test_static_files_from_whitenoise_have_security_headers(settings, tmp_path):
    from django.test import Client

    (tmp_path / "app.css").write_text("body { color: red; }\n")
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/app.css")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Content-Security-Policy"].startswith("default-src 'none';")


def test_not_found_page_uses_the_layout(client, admin):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "There is no page at <code>/no-such-page/</code>." in html
    assert 'aria-label="Main navigation"' in html


def test_server_error_page_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "<h1>Server error</h1>" in html
    assert "The details are in the server log" in html


def test_pwa_manifest_has_its_media_type(settings, tmp_path):
    from django.test import Client

    (tmp_path / "manifest.webmanifest").write_text('{"name": "ytmt"}\n')
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
