from django.urls import path

from sync.views import probes

app_name = "sync"

urlpatterns = [
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
]
