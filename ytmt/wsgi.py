"""WSGI entry point, used by gunicorn (`ytmt.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ytmt.settings")

application = get_wsgi_application()
