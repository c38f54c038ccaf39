from django.urls import path

from sync.views import probes

app_name = "sync"

urlpatterns = [
    # Probes (no login)
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
    # Shell
    # Pages
]
