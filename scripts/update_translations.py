"""Bring the translation catalogues up to date with the source.

Extracts every string marked with ``_()``, ``N_()`` or ``ngettext()`` in ``coachdesk/`` (with
Babel's extractor) and merges them into ``coachdesk/resources/locale/<lang>.po``: new strings
arrive untranslated, strings gone from the source are dropped. Translate the empty entries,
then run the tests (``tests/unit/test_translations.py`` fails on any untranslated string).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coachdesk"
LOCALE = PACKAGE / "resources" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> dict[str, str | None]:
    """msgid -> msgid_plural (or None), for every marked string in the package."""
    found: dict[str, str | None] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if isinstance(message, tuple):
            found[message[0]] = message[1]
        else:
            found.setdefault(message, None)
    return found


def merge(po_path: Path, messages: dict[str, str | None]) -> tuple[int, int]:
    catalogue = polib.pofile(str(po_path))
    known = {entry.msgid: entry for entry in catalogue}
    added = 0
    for msgid, plural in messages.items():
        if msgid not in known:
            entry = polib.POEntry(msgid=msgid, msgstr="")
            if plural is not None:
                entry = polib.POEntry(
                    msgid=msgid, msgid_plural=plural, msgstr_plural={0: "", 1: ""}
                )
            catalogue.append(entry)
            added += 1
    stale = [entry for entry in catalogue if entry.msgid not in messages]
    for entry in stale:
        catalogue.remove(entry)
    catalogue.save(str(po_path))
    return added, len(stale)


def main() -> int:
    messages = source_messages()
    for po_path in sorted(LOCALE.glob("*.po")):
        added, dropped = merge(po_path, messages)
        print(f"{po_path.relative_to(ROOT)}: {added} new, {dropped} dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
