"""Template context for every page of the shell: the main navigation."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Label and URL name of each page in the main navigation, in order. A route
# that does not exist (yet) is left out instead of breaking every page.
NAV_ITEMS: tuple[tuple[Any, str], ...] = (
    (_("Dashboard"), "dashboard"),
    (_("Playlist"), "playlist-detail"),
    (_("Not found"), "notfound-list"),
    (_("Overrides"), "override-list"),
    (_("Blacklist"), "blacklist-list"),
    (_("Cache"), "cache-list"),
    (_("Playlists"), "managed-playlist-list"),
    (_("Runs"), "run-list"),
    (_("Settings"), "settings"),
)


@dataclass(frozen=True)
class NavLink:
    """One link of the main navigation."""

    label: str
    url: str
    url_name: str
    active: bool


def navigation(request: HttpRequest) -> list[NavLink]:
    """Return the links of the pages that exist, marking the current one."""
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match and match.namespace == "sync" else None
    links = []
    for label, name in NAV_ITEMS:
        try:
            url = reverse(f"sync:{name}")
        except NoReverseMatch:
            continue
        links.append(NavLink(str(label), url, name, name == current))
    return links


def shell(request: HttpRequest) -> dict[str, Any]:
    """Add the main navigation for signed-in users to the context."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {"nav_links": navigation(request) if signed_in else []}
