"""Access control over every URL in the URLconf, new ones included."""

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# URL names reachable without a session, and why.
PUBLIC = {
    "sync:healthz",  # container health check
    "sync:readyz",  # readiness probe; shows booleans only
    "sync:login",
    "sync:set-language",  # the login page switches language too
    "sync:setup",  # redirects to login once a user exists
}
SAMPLE_VALUES = {"int": "1", "str": "json", "slug": "x", "path": "x", "uuid": None}
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _sample_route(route: str) -> str:
    def fill(match: re.Match[str]) -> str:
        return SAMPLE_VALUES.get(match.group("converter") or "str") or "x"

    return CONVERTER.sub(fill, route)


def all_urls(
    patterns: list | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """Yield (namespaced name, sample URL) for every route in the URLconf."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_urls(entry.url_patterns, prefix + route, inner)
        elif isinstance(entry, URLPattern):
            url = "/" + _sample_route(prefix + route).lstrip("^").rstrip("$")
            yield f"{namespace}{entry.name}", url


ROUTES = sorted(set(all_urls()))
PRIVATE_ROUTES = [route for route in ROUTES if route[0] not in PUBLIC]


@pytest.fixture
def existing_user():
    return get_user_model().objects.create_user("owner", password="pw-unused-123")


def test_the_url_list_covers_the_shell():
    names = {name for name, _url in ROUTES}
    assert {"sync:settings", "sync:setup-lastfm", "sync:setup-ytmusic"} <= names
    assert PUBLIC <= names


@pytest.mark.parametrize(("name", "url"), PRIVATE_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_gets_the_login_page(client, existing_user, name, url, method):
    response = getattr(client, method)(url)
    login_url = reverse("sync:login")
    assert response.status_code in {302, 403}, (name, response.status_code)
    if response.status_code == 302:
        assert response["Location"].startswith(login_url + "?next="), name
    assert response.content == b"", name


def test_public_probes_answer_without_session(client, existing_user):
    assert client.get(reverse("sync:healthz")).status_code == 200
    assert client.get(reverse("sync:readyz")).status_code in {200, 503}
    assert client.get(reverse("sync:login")).status_code == 200


def test_setup_is_closed_to_anonymous_once_a_user_exists(client, existing_user):
    response = client.get(reverse("sync:setup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("sync:login")


def test_static_files_need_no_session(client, existing_user, settings, tmp_path):
    (tmp_path / "manifest.webmanifest").write_text('{"name": "ytmt"}\n')
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/manifest.webmanifest")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b'{"name": "ytmt"}\n'


@pytest.mark.parametrize(("name", "url"), PRIVATE_ROUTES)
def test_post_without_csrf_token_is_refused(existing_user, name, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(existing_user)
    response = client.post(url)
    assert response.status_code in {403, 405}, (name, response.status_code)


def test_navigation_links_every_list_page(client, existing_user):
    from sync.context_processors import NAV_ITEMS

    client.force_login(existing_user)
    html = client.get(reverse("sync:settings")).content.decode()
    for _label, name in NAV_ITEMS:
        assert f'href="{reverse(f"sync:{name}")}"' in html, name
    assert f'href="{reverse("sync:settings")}" aria-current="page"' in html


def test_anonymous_pages_show_no_navigation(client, existing_user):
    html = client.get(reverse("sync:login")).content.decode()
    assert 'aria-label="Main navigation"' not in html
    assert "stats-bar" not in html
