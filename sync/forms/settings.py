"""The Settings page form: one field per key of `sync.conf.FIELDS`."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from sync.conf import FIELDS, GROUPS, ConfigError, Field, parse_bool

# Shown instead of a stored secret; posting it back keeps the stored value.
SECRET_MASK = "********"
BOOL_CHOICES = (("true", _("true")), ("false", _("false")))


@dataclass(frozen=True)
class SettingRow:
    """One key as the template shows it."""

    spec: Field
    field: BoundField
    from_environment: bool

    @property
    def default_text(self) -> str:
        return self.spec.default


@dataclass(frozen=True)
class SettingGroup:
    """The keys of one group, under its heading."""

    key: str
    label: str
    rows: list[SettingRow]


def _canonical(spec: Field, raw: str) -> str:
    """Return ``raw`` in the spelling the form's select offers, if it can."""
    try:
        if spec.kind == "bool":
            return "true" if parse_bool(raw) else "false"
        if spec.kind == "choice":
            return spec.parse(raw)
    except (ValueError, ConfigError):
        pass
    return raw


def _form_field(spec: Field, initial: str, disabled: bool) -> forms.Field:
    help_text = spec.help
    common: dict[str, Any] = {
        "label": spec.key,
        "required": False,
        "help_text": help_text,
        "disabled": disabled,
        "initial": initial,
    }
    if spec.kind in {"bool", "choice"}:
        choices: list[tuple[str, Any]]
        if spec.kind == "bool":
            choices = list(BOOL_CHOICES)
        else:
            choices = [
                (choice, choice or _("(empty: see help)")) for choice in spec.choices
            ]
        if initial not in {value for value, _label in choices}:
            # Keep an invalid stored value visible so the user sees and fixes it.
            choices.insert(0, (initial, initial or _("(empty: default)")))
        return forms.ChoiceField(choices=choices, **common)
    widget: forms.Widget
    if spec.secret:
        widget = forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"})
    else:
        widget = forms.TextInput(attrs={"spellcheck": "false"})
    if spec.kind in {"int", "float"}:
        widget.attrs["inputmode"] = "numeric" if spec.kind == "int" else "decimal"
    return forms.CharField(strip=False, widget=widget, **common)


class SettingsForm(forms.Form):
    """Edit the keys of `.env`; keys set in the process environment are locked.

    ``file_values`` are the keys in `.env`; ``effective`` merges them with
    the process environment, whose keys are listed in ``from_environment``.
    """

    def __init__(
        self,
        *args: Any,
        file_values: dict[str, str],
        effective: dict[str, str],
        from_environment: set[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.file_values = file_values
        self.effective = effective
        self.from_environment = from_environment
        self.current: dict[str, str] = {}
        for spec in FIELDS:
            raw = effective.get(spec.key, spec.default)
            self.current[spec.key] = raw
            displayed = SECRET_MASK if spec.secret and raw else _canonical(spec, raw)
            self.fields[spec.key] = _form_field(
                spec, displayed, disabled=spec.key in from_environment
            )

    def groups(self) -> Iterator[SettingGroup]:
        for group_key, label in GROUPS.items():
            rows = [
                SettingRow(spec, self[spec.key], spec.key in self.from_environment)
                for spec in FIELDS
                if spec.group == group_key
            ]
            yield SettingGroup(group_key, str(label), rows)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for spec in FIELDS:
            if spec.key in self.from_environment or spec.key not in cleaned:
                continue
            raw = cleaned[spec.key]
            if spec.secret and raw == SECRET_MASK:
                raw = self.current[spec.key]
                cleaned[spec.key] = raw
            if raw.strip() == "" and spec.kind not in {"str", "secret"}:
                continue
            try:
                spec.parse(raw)
            except ConfigError as error:
                self.add_error(
                    spec.key,
                    forms.ValidationError(
                        _("%(value)s is not valid for %(key)s: %(allowed)s."),
                        code="invalid",
                        params={
                            "value": "***" if spec.secret else repr(raw),
                            "key": spec.key,
                            "allowed": error.allowed,
                        },
                    ),
                )
        return cleaned

    def updates(self) -> dict[str, str | None]:
        """Return the keys whose value changed, for `update_env_file`."""
        changes: dict[str, str | None] = {}
        for spec in FIELDS:
            if spec.key in self.from_environment:
                continue
            new = self.cleaned_data.get(spec.key)
            if new is None:
                continue
            old = self.current[spec.key]
            if spec.kind in {"bool", "choice"}:
                unchanged = _canonical(spec, old) == new
            else:
                unchanged = old == new
            if unchanged:
                continue
            changes[spec.key] = new
        return changes
