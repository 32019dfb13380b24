"""Translation of every visible string: ``_()`` marks and translates, ``N_()`` only marks.

Sources are gettext catalogues under ``coachdesk/resources/locale/<lang>.po``. They are read
with polib and turned into a :class:`gettext.GNUTranslations` in memory, so nothing generated
has to be built or committed.
"""

from __future__ import annotations

import io
import locale
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

#: Languages the interface ships in, by code, each named in its own language.
LANGUAGES: dict[str, str] = {"en": "English", "nl": "Nederlands"}
DEFAULT_LANGUAGE = "en"
#: The catalogues, shipped inside the package (wheels install it as plain files).
LOCALE_DIR = Path(__file__).parent.parent / "resources" / "locale"

# None while the interface is in English, the language of the source strings.
_translations: gettext.GNUTranslations | None = None
_current = DEFAULT_LANGUAGE


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return message if _translations is None else _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    if _translations is None:
        return singular if n == 1 else plural
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet."""
    return message


def current_language() -> str:
    return _current


def system_language() -> str:
    """The interface language the system locale asks for, if we ship it; else English."""
    candidates = [os.environ.get(v, "") for v in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    candidates += [locale.getlocale()[0] or ""]
    for value in candidates:
        codes = [part.split("_")[0].split(".")[0].lower() for part in value.split(":")]
        codes = [code for code in codes if code and code not in ("c", "posix")]
        if codes:  # the first variable that names languages decides, as in gettext
            return next((code for code in codes if code in LANGUAGES), DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE


def normalise(code: str | None) -> str | None:
    """Turn a user-given language code (``nl``, ``nl_BE``, ``NL``) into one we ship, or None."""
    if not code:
        return None
    short = code.replace("-", "_").split("_")[0].lower()
    return short if short in LANGUAGES else None


def install(code: str) -> None:
    """Make ``code`` the current language. Unknown codes fall back to English."""
    global _translations, _current
    lang = normalise(code) or DEFAULT_LANGUAGE
    _current = lang
    if lang == DEFAULT_LANGUAGE:
        _translations = None
        return
    import gettext  # only needed for a translated interface, like polib

    import polib

    catalogue = polib.pofile((LOCALE_DIR / f"{lang}.po").read_text(encoding="utf-8"))
    _translations = gettext.GNUTranslations(io.BytesIO(catalogue.to_binary()))
