"""Every visible string has a Dutch translation with the same placeholders."""

from __future__ import annotations

import re
import string
from importlib import resources

import polib
import pytest

from coachdesk.domain import i18n
from coachdesk.domain.model import Hat
from scripts.update_translations import source_messages

CATALOGUE = polib.pofile(
    resources.files("coachdesk.resources.locale").joinpath("nl.po").read_text(encoding="utf-8")
)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_marked_string_is_in_the_catalogue_and_translated() -> None:
    entries = {e.msgid: e for e in CATALOGUE}
    missing = [m for m in source_messages() if m not in entries]
    assert missing == [], "run scripts/update_translations.py and translate"
    untranslated = [e.msgid for e in CATALOGUE if not e.translated()]
    assert untranslated == []


@pytest.mark.parametrize("entry", list(CATALOGUE), ids=lambda e: e.msgid[:40])
def test_placeholders_survive_translation(entry: polib.POEntry) -> None:
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    for text in translations:
        assert fields(text) == fields(entry.msgid)
        assert re.findall(r"&\w", text).__len__() == re.findall(r"&\w", entry.msgid).__len__()


def test_glossary_terms() -> None:
    i18n.install("nl")
    assert [i18n._(h.label) for h in Hat] == [
        "coach",
        "beoordelaar",
        "leidinggevende",
        "mentor",
        "expert",
    ]
    assert i18n._("advice given") == "advies gegeven"
    assert i18n._("coachee action noted") == "actie van de coachee"
    assert i18n._("role hat declared") == "pet benoemd"
    assert i18n.ngettext("{n} tally", "{n} tallies", 1).format(n=1) == "1 turfje"
    assert i18n.ngettext("{n} tally", "{n} tallies", 3).format(n=3) == "3 turfjes"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:nl", "LANG": "fr_FR.UTF-8"}, "nl"),  # French first, Dutch next
        ({"LANGUAGE": "fr", "LANG": "nl_NL.UTF-8"}, "en"),  # LANGUAGE decides, as in gettext
        ({"LANGUAGE": "", "LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LC_ALL": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_language_follows_the_system_locale(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.system_language() == expected
