from django.urls import path

from sync.views import (
    auth,
    blacklist,
    cache,
    dashboard,
    notfound,
    overrides,
    playlist,
    playlists,
    probes,
    runs,
    settings,
    setup,
)

app_name = "sync"

urlpatterns = [
    # Probes (no login)
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
    # Shell
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", auth.set_language, name="set-language"),
    path("setup/", setup.setup_account, name="setup"),
    path("setup/lastfm/", setup.setup_lastfm, name="setup-lastfm"),
    path("setup/ytmusic/", setup.setup_ytmusic, name="setup-ytmusic"),
    path("settings/", settings.settings_page, name="settings"),
    path(
        "settings/test/<str:kind>/",
        settings.send_test_notification,
        name="settings-test-notification",
    ),
    # Pages
    path("", dashboard.dashboard, name="dashboard"),
    path("runs/", runs.run_list, name="run-list"),
    path("runs/start/", dashboard.run_start, name="run-start"),
    path("runs/<int:pk>/", runs.run_detail, name="run-detail"),
    path("runs/<int:pk>/report.json", runs.run_report, name="run-report"),
    path("runs/<int:pk>/output/", dashboard.run_output, name="run-output"),
    path("runs/<int:pk>/stop/", dashboard.run_stop, name="run-stop"),
    path("playlist/", playlist.playlist_detail, name="playlist-detail"),
    path(
        "playlist/export.<str:export_format>",
        playlist.playlist_export,
        name="playlist-export",
    ),
    path("playlists/", playlists.managed_playlist_list, name="managed-playlist-list"),
    path("playlists/<int:pk>/", playlist.playlist_detail, name="playlist-detail"),
    path(
        "playlists/<int:pk>/export.<str:export_format>",
        playlist.playlist_export,
        name="playlist-export",
    ),
    path(
        "playlists/<int:pk>/delete/",
        playlists.managed_playlist_delete,
        name="managed-playlist-delete",
    ),
    path("playlists/prune-weeklies/", playlists.weekly_prune, name="weekly-prune"),
    path("not-found/", notfound.notfound_list, name="notfound-list"),
    path("overrides/", overrides.override_list, name="override-list"),
    path("overrides/add/", overrides.override_add, name="override-add"),
    path("overrides/edit/", overrides.override_update, name="override-update"),
    path("overrides/delete/", overrides.override_delete, name="override-delete"),
    path("blacklist/", blacklist.blacklist_list, name="blacklist-list"),
    path("blacklist/add/", blacklist.blacklist_add, name="blacklist-add"),
    path("blacklist/delete/", blacklist.blacklist_delete, name="blacklist-delete"),
    path("cache/", cache.cache_list, name="cache-list"),
    path("cache/<int:pk>/delete/", cache.cache_delete, name="cache-delete"),
    path("cache/purge/", cache.cache_purge, name="cache-purge"),
]
