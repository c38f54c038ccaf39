"""Sign-in form with throttling by address and by user name."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sync import throttle


def _lockout_message(lockout: throttle.Lockout) -> str:
    minutes = lockout.minutes_left()
    if lockout.subject == "address":
        text = ngettext(
            "Too many failed sign-ins from your address. Sign-in is blocked "
            "for %(minutes)d more minute.",
            "Too many failed sign-ins from your address. Sign-in is blocked "
            "for %(minutes)d more minutes.",
            minutes,
        )
    else:
        text = ngettext(
            "Too many failed sign-ins for this user. Sign-in is blocked "
            "for %(minutes)d more minute.",
            "Too many failed sign-ins for this user. Sign-in is blocked "
            "for %(minutes)d more minutes.",
            minutes,
        )
    return text % {"minutes": minutes}


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing locked addresses and user names.

    A locked request is refused before the password is checked, so a locked
    account cannot be used to test passwords.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or password is wrong. Both are case-sensitive."
        ),
        "throttled": "%(message)s",
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.throttled = False
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def _address(self) -> str:
        return throttle.client_address(self.request) if self.request else "unknown"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = self._address()

        lockout = throttle.active_lockout(address, username)
        if lockout is not None:
            self.throttled = True
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"message": _lockout_message(lockout)},
            )

        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                started = throttle.record_failure(address, username)
                if started is not None:
                    self.throttled = True
                    raise forms.ValidationError(
                        self.error_messages["throttled"],
                        code="throttled",
                        params={"message": _lockout_message(started)},
                    ) from None
            raise

        throttle.clear_failures(address, username)
        return cleaned
