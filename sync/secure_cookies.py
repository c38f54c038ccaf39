"""Mark the session and CSRF cookies Secure on requests that came over TLS.

Django sets the Secure flag from SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE
alone. Behind a TLS proxy with SECURE_PROXY_SSL_HEADER set, this middleware
adds the flag on HTTPS requests even when those settings are off, so a
proxied install is safe by default while plain-HTTP access on the LAN keeps
working.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecureCookiesOverTLSMiddleware:
    """Add Secure to the session and CSRF cookies of HTTPS responses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["secure"] = True
        return response
