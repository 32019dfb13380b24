"""Schemes in files: coachdesk's own scheme file, and the ethogram of a BORIS project.

The scheme file is a small JSON document (``"format": "coachdesk-scheme-1"``), described in
``docs/schemes.md``. :func:`parse` checks a whole file (JSON, fields, types, then every rule
of :func:`.schemes.problems`) and returns a scheme or refuses it, saying what and where:
nothing is ever half read.

:func:`from_boris` reads the ethogram (``behaviors_conf``) of a BORIS project file into a new
scheme: one kind per behaviour, its code as the label, its key where coachdesk can use it,
its colour moved to the nearest colour of the palette, its first set of modifiers as the
detail choices, and the state events that exclude each other as one group. It follows the
project format of BORIS 9.12.3 (``project_format_version`` "7.0"): a JSON object, gzipped
when the file ends in ``.boris.gz``. What BORIS means differently is said in the notes it
returns.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import _
from coachdesk.domain.model import Side, control_characters, not_text
from coachdesk.domain.scheme_colours import COLOUR_NAMES, is_hex, nearest
from coachdesk.domain.schemes import (
    HOTKEYS,
    MAX_DETAILS,
    MAX_EXPLANATION_LENGTH,
    MAX_LABEL_LENGTH,
    NO_WORDS,
    Detail,
    Kind,
    KindType,
    Scheme,
    Words,
    identifier,
    problems,
)

FORMAT = "coachdesk-scheme-1"
#: The largest scheme file or BORIS project read (a BORIS project holds its observations too).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The BORIS project format followed.
BORIS_PROJECT_FORMAT = "7.0"

_TOP_FIELDS = ("format", "key", "version", "name", "explanation", "preset", "kinds")
_KIND_FIELDS = ("key", "label", "hotkey", "colour", "party", "type", "group", "details", "retired")


# -- coachdesk's own file --------------------------------------------------------------------


def _words_doc(words: Words) -> dict[str, str]:
    return {"en": words.en, "nl": words.nl}


def to_document(scheme: Scheme) -> dict[str, Any]:
    """``scheme`` as the JSON document of a scheme file."""
    return {
        "format": FORMAT,
        "key": scheme.key,
        "version": scheme.version,
        "name": _words_doc(scheme.name),
        "explanation": _words_doc(scheme.explanation),
        "preset": scheme.preset,
        "kinds": [
            {
                "key": k.key,
                "label": _words_doc(k.label),
                "hotkey": k.hotkey,
                "colour": k.colour,
                "party": k.party.value,
                "type": k.type.value,
                "group": k.group,
                "details": [{"key": d.key, "label": _words_doc(d.label)} for d in k.details],
                "retired": k.retired,
            }
            for k in scheme.kinds
        ],
    }


def dumps(scheme: Scheme) -> bytes:
    """The scheme file's bytes: UTF-8 JSON, indented, so a coach can read it."""
    text = json.dumps(to_document(scheme), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _refuse(problem: str) -> NoReturn:
    raise InvalidInput(
        _("This is not a usable coachdesk scheme file: {problem}. Nothing was imported.").format(
            problem=problem
        )
    )


def _json(data: bytes, refuse: Callable[[str], NoReturn]) -> object:
    if len(data) > MAX_FILE_BYTES:
        refuse(_("the file is larger than {mib} MiB").format(mib=MAX_FILE_BYTES >> 20))
    try:
        return json.loads(data)
    except RecursionError:
        refuse(_("the JSON is nested too deeply"))
    except (UnicodeDecodeError, ValueError) as e:
        refuse(_("it is not JSON, or the JSON is cut off ({error})").format(error=e))
    raise AssertionError  # pragma: no cover: refuse never returns


def parse(data: bytes) -> Scheme:
    """Check a whole scheme file and return its scheme.

    Raises:
        InvalidInput: saying what is wrong and where; nothing of the file is used.
    """
    return _Reader().scheme(_json(data, _refuse))


def from_document(doc: object, refuse: Callable[[str], NoReturn]) -> Scheme:
    """Check a scheme file's document already read as JSON (one carried inside an archive)
    and return its scheme; ``refuse`` is called with what is wrong and where, and must raise.
    """
    return _Reader(refuse).scheme(doc)


class _Reader:
    """Walks a scheme document, refusing at the first thing out of place and naming where."""

    def __init__(self, refuse: Callable[[str], NoReturn] = _refuse) -> None:
        self._refuse = refuse

    def scheme(self, doc: object) -> Scheme:
        top = self._object(doc, "", _TOP_FIELDS, optional=("explanation", "preset"))
        if top["format"] != FORMAT:
            if isinstance(top["format"], str) and top["format"].startswith("coachdesk-scheme-"):
                self._refuse(
                    _("it was made by a newer coachdesk ({theirs}; ours is {ours})").format(
                        theirs=top["format"], ours=FORMAT
                    )
                )
            self._refuse(_("it is not a coachdesk scheme file"))
        version = top["version"]
        if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < 10**6:
            self._bad("version", _("expected a whole number from 1"))
        preset = top.get("preset")
        if preset is not None:
            preset = self._text(preset, "preset", MAX_LABEL_LENGTH)
        kinds = tuple(
            self._kind(k, f"kinds[{i}]") for i, k in enumerate(self._list(top["kinds"], "kinds"))
        )
        scheme = Scheme(
            key=self._text(top["key"], "key", MAX_LABEL_LENGTH),
            name=self._words(top["name"], "name", MAX_LABEL_LENGTH),
            version=version,
            kinds=kinds,
            explanation=self._words(
                top.get("explanation", _words_doc(NO_WORDS)),
                "explanation",
                MAX_EXPLANATION_LENGTH,
                empty=True,
            ),
            preset=preset,
        )
        found = problems(scheme)
        if found:
            self._refuse("; ".join(found))
        return scheme

    def _kind(self, doc: object, where: str) -> Kind:
        entry = self._object(doc, where, _KIND_FIELDS, optional=("group", "details", "retired"))
        party = entry["party"]
        if party not in {s.value for s in Side}:
            self._bad(f"{where}.party", _("expected coach, coachee or neutral"))
        kind_type = entry["type"]
        if kind_type not in {t.value for t in KindType}:
            self._bad(f"{where}.type", _("expected point or state"))
        group = entry.get("group")
        if group is not None:
            group = self._text(group, f"{where}.group", MAX_LABEL_LENGTH)
        retired = entry.get("retired", False)
        if not isinstance(retired, bool):
            self._bad(f"{where}.retired", _("expected true or false"))
        details = tuple(
            self._detail(d, f"{where}.details[{i}]")
            for i, d in enumerate(self._list(entry.get("details", []), f"{where}.details"))
        )
        return Kind(
            key=self._text(entry["key"], f"{where}.key", MAX_LABEL_LENGTH),
            label=self._words(entry["label"], f"{where}.label", MAX_LABEL_LENGTH),
            hotkey=self._text(entry["hotkey"], f"{where}.hotkey", 1),
            colour=self._text(entry["colour"], f"{where}.colour", MAX_LABEL_LENGTH),
            party=Side(party),
            type=KindType(kind_type),
            group=group,
            details=details,
            retired=retired,
        )

    def _detail(self, doc: object, where: str) -> Detail:
        entry = self._object(doc, where, ("key", "label"))
        return Detail(
            key=self._text(entry["key"], f"{where}.key", MAX_LABEL_LENGTH),
            label=self._words(entry["label"], f"{where}.label", MAX_LABEL_LENGTH),
        )

    def _words(self, doc: object, where: str, longest: int, *, empty: bool = False) -> Words:
        entry = self._object(doc, where, ("en", "nl"))
        return Words(
            en=self._text(entry["en"], f"{where}.en", longest, empty=empty, lines=empty),
            nl=self._text(entry["nl"], f"{where}.nl", longest, empty=empty, lines=empty),
        )

    def _bad(self, where: str, problem: str) -> NoReturn:
        self._refuse(f"{where}: {problem}")

    def _object(
        self, value: object, where: str, fields: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self._bad(where or "/", _("expected an object"))
        for key in fields:
            if key not in value and key not in optional:
                self._bad(f"{where}.{key}".lstrip("."), _("missing"))
        for key in value:
            if key not in fields:
                self._bad(f"{where}.{key}".lstrip("."), _("not a field of this format"))
        return value

    def _list(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            self._bad(where, _("expected a list"))
        return value

    def _text(
        self, value: object, where: str, longest: int, *, empty: bool = False, lines: bool = False
    ) -> str:
        """Text of at most ``longest`` characters; only ``lines`` (an explanation) may be empty
        or hold line breaks, and no text any other control character."""
        if not isinstance(value, str):
            self._bad(where, _("expected text"))
        if (not value and not empty) or len(value) > longest:
            self._bad(where, _("empty or too long"))
        if not_text(value):
            self._bad(where, _("not valid text: it holds bytes that are not UTF-8"))
        if control_characters(value, allowed="\n" if lines else ""):
            self._bad(where, _("holds a control character"))
        return value


# -- BORIS -----------------------------------------------------------------------------------

_BORIS_POINT = ("Point event", "Point event with coding map")
_BORIS_STATE = ("State event", "State event with coding map")
_BORIS_SELECTIONS = (0, 1)  # single and multiple selection; numeric and external data are not
_SHORTCUT = re.compile(r"\s*\([^()]*\)\s*\Z")  # a modifier's " (k)" shortcut


@dataclass(frozen=True, slots=True)
class BorisImport:
    scheme: Scheme
    #: What the scheme says differently from the project, one plain sentence each.
    notes: tuple[str, ...]


def _refuse_boris(problem: str) -> NoReturn:
    raise InvalidInput(
        _("This is not a usable BORIS project file: {problem}. Nothing was imported.").format(
            problem=problem
        )
    )


def _boris_document(data: bytes) -> object:
    if data[:2] == b"\x1f\x8b":  # a .boris.gz
        unpacker = zlib.decompressobj(wbits=31)
        try:
            data = unpacker.decompress(data, MAX_FILE_BYTES + 1)
        except zlib.error as e:
            _refuse_boris(_("the gzip data is damaged ({error})").format(error=e))
        if not unpacker.eof:
            _refuse_boris(_("the gzip data is cut off or unpacks to too much"))
    return _json(data, _refuse_boris)


def _boris_text(value: object, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        _refuse_boris(_("{where}: expected text").format(where=where))
    return value


def from_boris(data: bytes) -> BorisImport:
    """A new scheme from the ethogram of a BORIS project file (``.boris`` or ``.boris.gz``).

    Raises:
        InvalidInput: the file is not a BORIS project, its ethogram is missing, empty or out
            of shape, or the scheme it makes breaks a rule (more behaviours than keys, ...);
            the message says what and where, and nothing is imported.
    """
    project = _boris_document(data)
    if not isinstance(project, dict) or "behaviors_conf" not in project:
        _refuse_boris(_("it has no ethogram (behaviors_conf)"))
    ethogram = project["behaviors_conf"]
    if not isinstance(ethogram, dict) or not ethogram:
        _refuse_boris(_("behaviors_conf: expected a non-empty object of behaviours"))
    notes: list[str] = []
    entries: list[tuple[str, dict[str, Any]]] = []
    for index, entry in sorted(ethogram.items(), key=lambda i: (not i[0].isdigit(), i[0].zfill(9))):
        where = f"behaviors_conf.{index}"
        if not isinstance(entry, dict):
            _refuse_boris(_("{where}: expected an object").format(where=where))
        entries.append((where, entry))
    codes: dict[str, str] = {}  # code -> kind key
    taken_keys: set[str] = set()
    rows = []
    for where, entry in entries:
        code = _boris_text(entry.get("code"), f"{where}.code").strip()
        if not code:
            _refuse_boris(_("{where}: the behaviour has no code").format(where=f"{where}.code"))
        if code in codes:
            _refuse_boris(
                _("{where}: the code {code} is used twice").format(where=f"{where}.code", code=code)
            )
        kind_type = entry.get("type")
        if kind_type not in _BORIS_POINT + _BORIS_STATE:
            _refuse_boris(
                _("{where}: expected Point event or State event").format(where=f"{where}.type")
            )
        codes[code] = identifier(code, taken_keys)
        rows.append((where, entry, code, kind_type in _BORIS_STATE))
    groups = _exclusion_groups(rows, codes)
    kinds: list[Kind] = []
    used_hotkeys = {
        key.lower()
        for _w, e, _c, _s in rows
        if isinstance(key := e.get("key"), str) and key.lower() in HOTKEYS
    }
    spare = [h for h in HOTKEYS if h not in used_hotkeys]
    bound: set[str] = set()
    colours_left = list(COLOUR_NAMES)
    for where, entry, code, is_state in rows:
        key = codes[code]
        boris_key = _boris_text(entry.get("key"), f"{where}.key")
        hotkey = boris_key.lower()
        if hotkey not in HOTKEYS or hotkey in bound:
            hotkey = spare.pop(0) if spare else "?"
            if boris_key:
                notes.append(
                    _("{code}: BORIS's key {theirs} is now {ours}.").format(
                        code=code, theirs=boris_key, ours=hotkey
                    )
                )
        bound.add(hotkey)
        colour = _boris_text(entry.get("color"), f"{where}.color")
        name = nearest(colour) if is_hex(colour) else colours_left[0]
        if name in colours_left:
            colours_left.remove(name)
        if not colours_left:
            colours_left = list(COLOUR_NAMES)
        group = groups.get(code)
        if is_state and group is None:
            group = key
            notes.append(
                _(
                    "{code}: a state no other state excludes; here it lasts from its key until the "
                    "session ends (in BORIS a second press stops it)."
                ).format(code=code)
            )
        kinds.append(
            Kind(
                key=key,
                label=Words(code, code),
                hotkey=hotkey,
                colour=name,
                party=Side.NEUTRAL,
                type=KindType.STATE if is_state else KindType.POINT,
                group=group if is_state else None,
                details=_details(entry.get("modifiers"), f"{where}.modifiers", code, notes),
            )
        )
    notes.append(
        _(
            "BORIS has no sides: every kind counts for neither side of the balance until you "
            "choose the coach's and the coachee's kinds."
        )
    )
    name = _boris_text(project.get("project_name"), "project_name").strip()
    name = name[:MAX_LABEL_LENGTH] or _("BORIS ethogram")
    about = _boris_text(project.get("project_description"), "project_description").strip()
    scheme = Scheme(
        key=identifier(name, set(), fallback="boris"),
        name=Words(name, name),
        version=1,
        kinds=tuple(kinds),
        explanation=Words(about, about) if about else NO_WORDS,
        preset=None,
    )
    found = problems(scheme)
    if found:
        _refuse_boris("; ".join(found))
    return BorisImport(scheme, tuple(notes))


def _exclusion_groups(
    rows: list[tuple[str, dict[str, Any], str, bool]], codes: dict[str, str]
) -> dict[str, str]:
    """code -> group key for the state events that exclude (or are excluded by) another
    state: each set of states joined by exclusions becomes one group, named after its first
    state's key."""
    states = [code for _w, _e, code, is_state in rows if is_state]
    parent = {code: code for code in states}

    def root(code: str) -> str:
        while parent[code] != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    joined: set[str] = set()
    for where, entry, code, is_state in rows:
        excluded = _boris_text(entry.get("excluded"), f"{where}.excluded")
        if not is_state:
            continue
        for other in (c.strip() for c in excluded.split(",")):
            if other in parent and other != code:
                first, second = sorted((root(code), root(other)), key=states.index)
                parent[second] = first
                joined.update((code, other))
    return {code: codes[root(code)] for code in states if code in joined}


def _details(modifiers: object, where: str, code: str, notes: list[str]) -> tuple[Detail, ...]:
    """The detail choices from the first set of modifiers that offers a choice of values."""
    if modifiers in (None, "", {}):
        return ()
    if not isinstance(modifiers, dict):
        _refuse_boris(_("{where}: expected an object").format(where=where))
    sets = [s for _i, s in sorted(modifiers.items(), key=lambda i: str(i[0]).zfill(9))]
    usable = [
        s
        for s in sets
        if isinstance(s, dict)
        and s.get("type") in _BORIS_SELECTIONS
        and isinstance(s.get("values"), list)
        and s["values"]
    ]
    if len(usable) < len(sets):
        notes.append(
            _("{code}: modifiers that are numbers or outside data were left out.").format(code=code)
        )
    if not usable:
        return ()
    if len(usable) > 1:
        notes.append(
            _("{code}: only the first set of modifiers became detail choices.").format(code=code)
        )
    values = [_SHORTCUT.sub("", _boris_text(v, where)).strip() for v in usable[0]["values"]]
    values = [v for v in values if v]
    if len(values) > MAX_DETAILS:
        notes.append(
            _("{code}: only the first {limit} modifiers became detail choices.").format(
                code=code, limit=MAX_DETAILS
            )
        )
    taken: set[str] = set()
    return tuple(
        Detail(identifier(v, taken, fallback="choice"), Words(v, v)) for v in values[:MAX_DETAILS]
    )
