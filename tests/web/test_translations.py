"""The German catalogue: complete, not fuzzy, placeholders kept."""

import ast
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

CATALOGUE = (
    Path(__file__).resolve().parent.parent.parent / "locale/de/LC_MESSAGES/django.po"
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def read_entries(path: Path) -> list[dict]:
    """Parse a .po file into entries with msgid, plural and msgstr values."""
    entries: list[dict] = []
    entry: dict = {"flags": "", "msgstr": {}}
    field = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": "", "msgstr": {}}, None
        elif line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            field = ("msgid_plural", None)
            entry["msgid_plural"] = ast.literal_eval(line[13:])
        elif line.startswith("msgid "):
            field = ("msgid", None)
            entry["msgid"] = ast.literal_eval(line[6:])
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            field = ("msgstr", index)
            entry["msgstr"][index] = ast.literal_eval(line[line.index("]") + 2 :])
        elif line.startswith("msgstr "):
            field = ("msgstr", 0)
            entry["msgstr"][0] = ast.literal_eval(line[7:])
        elif line.startswith('"') and field:
            name, index = field
            if name == "msgstr":
                entry["msgstr"][index] += ast.literal_eval(line)
            else:
                entry[name] += ast.literal_eval(line)
    return entries


ENTRIES = [entry for entry in read_entries(CATALOGUE) if entry["msgid"]]


def test_catalogue_has_entries():
    assert len(ENTRIES) > 400


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry["msgid"][:60])
def test_entry_is_translated(entry):
    assert "fuzzy" not in entry["flags"]
    expected_forms = 2 if "msgid_plural" in entry else 1
    assert len(entry["msgstr"]) == expected_forms
    for text in entry["msgstr"].values():
        assert text.strip() != ""
        assert set(PLACEHOLDER.findall(text)) <= set(
            PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", ""))
        )
    if "msgid_plural" not in entry:
        assert set(PLACEHOLDER.findall(entry["msgstr"][0])) == set(
            PLACEHOLDER.findall(entry["msgid"])
        )


def compile_catalogue() -> None:
    """Build django.mo from django.po when it is missing or older."""
    from django.core.management import call_command

    compiled = CATALOGUE.with_suffix(".mo")
    if not compiled.exists() or compiled.stat().st_mtime < CATALOGUE.stat().st_mtime:
        call_command("compilemessages", locale=["de"], verbosity=0)
        # Django caches catalogues per process; drop them so the new .mo is read.
        translation.trans_real._translations = {}
        translation.trans_real._default = None


@pytest.mark.django_db
def test_login_page_renders_in_german(client: Client, django_user_model):
    compile_catalogue()
    django_user_model.objects.create_user("anna", password="pw-unused-123")
    client.cookies["ytmt_language"] = "de"
    html = client.get(reverse("sync:login")).content.decode()
    assert "<h1>Anmelden</h1>" in html
    assert "Zum Inhalt springen" in html
    with translation.override("de"):
        assert translation.gettext("Settings") == "Einstellungen"
