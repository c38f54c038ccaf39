"""Sign-in, sign-out and the language switch: the shell's public views."""

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.i18n import set_language as django_set_language

from sync.forms.auth import ThrottledAuthenticationForm
from sync.throttle import client_address

logger = logging.getLogger(__name__)


def setup_needed() -> bool:
    """Whether no user exists yet, so the setup page must create the admin."""
    return not get_user_model().objects.exists()


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's sign-in view with throttling; sends a fresh install to setup."""

    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if setup_needed():
            return redirect("sync:setup")
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.throttled:
            # HTTP 429 marks the refusal as a rate limit for scripts and proxies.
            response.status_code = 429
        # The typed user name stays out of the log: people sometimes type
        # their password into that field.
        logger.info("Failed sign-in from %s", client_address(self.request))
        return response

    def form_valid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        logger.info(
            "User %s signed in from %s",
            form.get_user().pk,
            client_address(self.request),
        )
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """Sign out on POST (Django 5 refuses GET) and return to the sign-in page."""


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, open before sign-in so the login page can switch.

    It stores the choice in the `ytmt_language` cookie (LANGUAGE_COOKIE_NAME).
    """
    return django_set_language(request)
