"""Template context for every page of the shell: navigation and partials."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Each entry: label and the URL names that may serve it, first match wins.
# Pages come and go as their views land, so a missing route hides its link.
NAV_ITEMS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_("Dashboard"), ("dashboard",)),
    (_("Playlist"), ("playlist-detail",)),
    (_("Not found"), ("notfound-list",)),
    (_("Overrides"), ("override-list",)),
    (_("Blacklist"), ("blacklist-list",)),
    (_("Cache"), ("cache-list",)),
    (_("Playlists"), ("managed-playlist-list", "playlist-list")),
    (_("Runs"), ("run-list",)),
    (_("Settings"), ("settings",)),
)

STATS_BAR_TEMPLATE = "sync/partials/stats_bar.html"
SCHEDULE_STATUS_TEMPLATE = "sync/partials/schedule_status.html"


@dataclass(frozen=True)
class NavLink:
    """One link of the main navigation."""

    label: str
    url: str
    url_name: str
    active: bool


def _optional_template(name: str) -> str | None:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def navigation(request: HttpRequest) -> list[NavLink]:
    """Return the links of the pages that exist, marking the current one."""
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match and match.namespace == "sync" else None
    links = []
    for label, names in NAV_ITEMS:
        for name in names:
            try:
                url = reverse(f"sync:{name}")
            except NoReverseMatch:
                continue
            links.append(NavLink(str(label), url, name, name == current))
            break
    return links


def shell(request: HttpRequest) -> dict[str, Any]:
    """Add the navigation and the optional header partials to the context."""
    signed_in = getattr(request, "user", None) is not None and (
        request.user.is_authenticated
    )
    return {
        "nav_links": navigation(request) if signed_in else [],
        "stats_bar_template": _optional_template(STATS_BAR_TEMPLATE)
        if signed_in
        else None,
        "schedule_status_template": _optional_template(SCHEDULE_STATUS_TEMPLATE)
        if signed_in
        else None,
    }
