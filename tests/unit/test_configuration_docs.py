"""docs/configuration.md documents every setting of sync.conf.FIELDS."""

import re
from pathlib import Path

from sync.conf import FIELDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def documented_defaults() -> dict[str, str]:
    rows = re.findall(r"^\| `([A-Z0-9_]+)` \| ([^|]+) \|", DOC.read_text(), re.M)
    return {key: default.strip() for key, default in rows}


def test_every_key_is_documented_once() -> None:
    documented = re.findall(r"^\| `([A-Z0-9_]+)` \|", DOC.read_text(), re.M)

    assert sorted(documented) == sorted(spec.key for spec in FIELDS)


def test_documented_defaults_match_the_code() -> None:
    defaults = documented_defaults()

    for spec in FIELDS:
        expected = f"`{spec.default}`" if spec.default else "(empty)"
        assert defaults[spec.key] == expected, spec.key
