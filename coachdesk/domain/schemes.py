"""Tally schemes: the coach's own words for what is counted in a session.

A scheme is a named, versioned set of kinds. Each kind has a stable key (an identifier that
never changes across versions), labels in English and Dutch, a keyboard key, a colour from
:mod:`~coachdesk.domain.scheme_colours`, a party for the balance, and a type:

- a *point* is one moment (advice given, a coachee action);
- a *state* lasts from its press until another state of its group starts, or the session
  ends (the hat, a GROW phase); the states of one group exclude each other.

A kind may offer detail choices (the hats), chosen with one more key after its own.

Labels are data in both languages, not catalogue strings: a coach's own scheme, or one
imported, carries words no catalogue knows, and a version once used must read the same for
ever, whatever a later catalogue says. The labels of the presets are written the same way
(:mod:`~coachdesk.domain.scheme_presets`).

A version that has sessions is never changed: :func:`edited` gives the next version, and the
store keeps both. Everything here is a frozen value and a pure function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import N_, _
from coachdesk.domain.model import NO_WORDS as NO_WORDS
from coachdesk.domain.model import Detail as Detail
from coachdesk.domain.model import Side
from coachdesk.domain.model import Words as Words
from coachdesk.domain.scheme_colours import COLOUR_NAMES

#: Letters the session window already uses: P pauses and resumes, M marks the moment
#: (ui/actions.py).
RESERVED_KEYS = frozenset("pm")
#: The keys a kind may be bound to, in the order they are handed out: 1-9 first, then letters.
HOTKEYS: tuple[str, ...] = (
    *"123456789",
    *(c for c in "abcdefghijklmnopqrstuvwxyz" if c not in RESERVED_KEYS),
)
#: At most this many detail choices per kind: the popup takes them with the keys 1-9.
MAX_DETAILS = 9
#: As long as a kind's label may be in an archive (domain/archive.py).
MAX_LABEL_LENGTH = 200
MAX_EXPLANATION_LENGTH = 2_000
#: A kind's, a group's, a detail's or a scheme's key: lower-case letters, digits, underscores.
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")


class KindType(Enum):
    """Whether a kind marks a moment or a stretch of time."""

    POINT = "point"
    STATE = "state"


@dataclass(frozen=True, slots=True)
class Kind:
    """A tally button of a scheme."""

    key: str  # stable across versions: figures and history follow a kind by it
    label: Words
    hotkey: str  # one of HOTKEYS
    colour: str  # a name in scheme_colours.PALETTE
    party: Side  # whose contribution it counts for the balance; NEUTRAL is neither's
    type: KindType = KindType.POINT
    group: str | None = None  # states only: the states of one group exclude each other
    details: tuple[Detail, ...] = ()
    retired: bool = False  # no longer offered in new sessions; its key is free again

    def detail(self, key: str) -> Detail | None:
        return next((d for d in self.details if d.key == key), None)


@dataclass(frozen=True, slots=True)
class Scheme:
    """One version of a tally scheme."""

    key: str  # the same for every version of one scheme
    name: Words
    version: int  # 1, 2, ...: a session records the version it used
    kinds: tuple[Kind, ...]  # in the order the buttons stand
    explanation: Words = NO_WORDS
    #: The preset it was made from (its figures apply while its kinds' keys remain), or None.
    preset: str | None = None

    @property
    def active(self) -> tuple[Kind, ...]:
        """The kinds a new session offers: every kind not retired."""
        return tuple(k for k in self.kinds if not k.retired)

    def kind(self, key: str) -> Kind | None:
        return next((k for k in self.kinds if k.key == key), None)

    def groups(self) -> dict[str, tuple[Kind, ...]]:
        """The state groups, each with its states in scheme order."""
        found: dict[str, list[Kind]] = {}
        for kind in self.kinds:
            if kind.type is KindType.STATE and kind.group is not None:
                found.setdefault(kind.group, []).append(kind)
        return {group: tuple(kinds) for group, kinds in found.items()}


def identifier(text: str, taken: set[str], fallback: str = "kind") -> str:
    """A key made from ``text`` (lower case, a-z 0-9 _, at most 40 characters) that is not
    in ``taken``; it is added to ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:36] or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"[:36]
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key


# -- validation -----------------------------------------------------------------------------


def _where(index: int, kind: Kind) -> str:
    return _("kind {number} ({key})").format(number=index + 1, key=kind.key)


#: Per language: the message for a label that is not text, empty, too long.
_WORDS_MESSAGES = (
    (
        N_("{where}: the English label is not text"),
        N_("{where}: the English label is empty"),
        N_("{where}: the English text is longer than {limit} characters"),
    ),
    (
        N_("{where}: the Dutch label is not text"),
        N_("{where}: the Dutch label is empty"),
        N_("{where}: the Dutch text is longer than {limit} characters"),
    ),
)


def _words_problems(words: Words, where: str, longest: int, *, required: bool) -> list[str]:
    found = []
    for text, (not_str, empty, too_long) in zip((words.en, words.nl), _WORDS_MESSAGES, strict=True):
        if not isinstance(text, str):
            found.append(_(not_str).format(where=where))
        elif required and not text.strip():
            found.append(_(empty).format(where=where))
        elif len(text) > longest:
            found.append(_(too_long).format(where=where, limit=longest))
    return found


def _kind_problems(index: int, kind: Kind) -> list[str]:
    where = _where(index, kind)
    found = _words_problems(kind.label, where, MAX_LABEL_LENGTH, required=True)
    if kind.hotkey not in HOTKEYS:
        found.append(
            _("{where}: “{hotkey}” is not a key a kind can have (1-9, a-z but p and m)").format(
                where=where, hotkey=kind.hotkey
            )
        )
    if kind.colour not in COLOUR_NAMES:
        found.append(
            _("{where}: the colour “{colour}” is not in the palette ({names})").format(
                where=where, colour=kind.colour, names=", ".join(COLOUR_NAMES)
            )
        )
    if not isinstance(kind.party, Side):
        found.append(
            _("{where}: unknown party “{party}” (coach, coachee or neutral)").format(
                where=where, party=kind.party
            )
        )
    if not isinstance(kind.type, KindType):
        found.append(
            _("{where}: unknown type “{type}” (point or state)").format(where=where, type=kind.type)
        )
    elif kind.type is KindType.STATE and not kind.group:
        found.append(_("{where}: a state needs a group").format(where=where))
    elif kind.type is KindType.POINT and kind.group is not None:
        found.append(_("{where}: a point has no group").format(where=where))
    if kind.group and not KEY_PATTERN.match(kind.group):
        found.append(
            _("{where}: the group “{group}” is not an identifier (a-z, 0-9, _)").format(
                where=where, group=kind.group
            )
        )
    if len(kind.details) > MAX_DETAILS:
        found.append(
            _("{where}: {count} detail choices, at most {limit}").format(
                where=where, count=len(kind.details), limit=MAX_DETAILS
            )
        )
    seen: set[str] = set()
    for number, detail in enumerate(kind.details, start=1):
        at = _("{where}, detail {number} ({key})").format(
            where=where, number=number, key=detail.key
        )
        if not KEY_PATTERN.match(detail.key):
            found.append(_("{where}: the key is not an identifier (a-z, 0-9, _)").format(where=at))
        elif detail.key in seen:
            found.append(_("{where}: this key is used twice").format(where=at))
        seen.add(detail.key)
        found += _words_problems(detail.label, at, MAX_LABEL_LENGTH, required=True)
    return found


def problems(scheme: Scheme) -> list[str]:
    """Everything wrong with ``scheme``, each saying what and where; ``[]`` if it is sound."""
    found: list[str] = []
    if not KEY_PATTERN.match(scheme.key):
        found.append(_("the scheme's key is not an identifier (a-z, 0-9, _)"))
    found += _words_problems(scheme.name, _("the scheme's name"), MAX_LABEL_LENGTH, required=True)
    found += _words_problems(
        scheme.explanation, _("the explanation"), MAX_EXPLANATION_LENGTH, required=False
    )
    if scheme.version < 1:
        found.append(_("the version must be 1 or more"))
    active = scheme.active
    if not active:
        found.append(_("the scheme has no kind to count"))
    if len(active) > len(HOTKEYS):
        found.append(
            _("{count} kinds in use but only {keys} keys to press").format(
                count=len(active), keys=len(HOTKEYS)
            )
        )
    seen: set[str] = set()
    for index, kind in enumerate(scheme.kinds):
        if not KEY_PATTERN.match(kind.key):
            found.append(
                _("kind {number}: the key “{key}” is not an identifier (a-z, 0-9, _)").format(
                    number=index + 1, key=kind.key
                )
            )
        elif kind.key in seen:
            found.append(
                _("{where}: an earlier kind has the same key").format(where=_where(index, kind))
            )
        seen.add(kind.key)
        found += _kind_problems(index, kind)
    bound: dict[str, Kind] = {}
    for index, kind in enumerate(scheme.kinds):
        if kind.retired:
            continue
        other = bound.get(kind.hotkey)
        if other is not None:
            found.append(
                _("{where}: the key {hotkey} is already bound to {other}").format(
                    where=_where(index, kind), hotkey=kind.hotkey, other=other.label.shown()
                )
            )
        bound.setdefault(kind.hotkey, kind)
    return found


def changed_parties(previous: Scheme, scheme: Scheme) -> list[str]:
    """What ``scheme``, the next version of ``previous``, may not change: a kind's party.
    Its tallies already stored count for that party in the history's figures; a kind for
    another party is a new kind."""
    found = []
    for index, kind in enumerate(scheme.kinds):
        before = previous.kind(kind.key)
        if before is not None and before.party is not kind.party:
            found.append(
                _(
                    "{where}: a kind keeps whose contribution it counts ({party}); add a new "
                    "kind for another"
                ).format(where=_where(index, kind), party=_(PARTY_NAMES[before.party]))
            )
    return found


#: A party in words, for messages.
PARTY_NAMES = {
    Side.COACH: N_("the coach's"),
    Side.COACHEE: N_("the coachee's"),
    Side.NEUTRAL: N_("neither"),
}


def check(scheme: Scheme) -> Scheme:
    """``scheme`` if it is sound.

    Raises:
        InvalidInput: naming every problem, one a line.
    """
    found = problems(scheme)
    if found:
        raise InvalidInput(
            _("This tally scheme cannot be used:") + "\n" + "\n".join(f"- {p}" for p in found)
        )
    return scheme


def free_hotkeys(kinds: tuple[Kind, ...]) -> list[str]:
    """The keys no kind in use is bound to, in the order they are handed out."""
    taken = {k.hotkey for k in kinds if not k.retired}
    return [key for key in HOTKEYS if key not in taken]


# -- editing: every edit makes the next version ---------------------------------------------


@dataclass(frozen=True, slots=True)
class RenameScheme:
    name: Words


@dataclass(frozen=True, slots=True)
class Explain:
    explanation: Words


@dataclass(frozen=True, slots=True)
class Rename:
    kind: str
    label: Words


@dataclass(frozen=True, slots=True)
class Recolour:
    kind: str
    colour: str


@dataclass(frozen=True, slots=True)
class Rebind:
    kind: str
    hotkey: str


@dataclass(frozen=True, slots=True)
class SetParty:
    kind: str
    party: Side


@dataclass(frozen=True, slots=True)
class SetType:
    kind: str
    type: KindType
    group: str | None = None


@dataclass(frozen=True, slots=True)
class SetDetails:
    kind: str
    details: tuple[Detail, ...]


@dataclass(frozen=True, slots=True)
class Retire:
    kind: str
    retired: bool = True  # False brings a retired kind back


@dataclass(frozen=True, slots=True)
class AddKind:
    kind: Kind


@dataclass(frozen=True, slots=True)
class Reorder:
    keys: tuple[str, ...]  # every kind's key, in the new order


Change = (
    RenameScheme
    | Explain
    | Rename
    | Recolour
    | Rebind
    | SetParty
    | SetType
    | SetDetails
    | Retire
    | AddKind
    | Reorder
)


def _on_kind(kinds: tuple[Kind, ...], key: str, **fields: object) -> tuple[Kind, ...]:
    if not any(k.key == key for k in kinds):
        raise InvalidInput(_("There is no kind {key} in this scheme.").format(key=key))
    return tuple(replace(k, **fields) if k.key == key else k for k in kinds)  # type: ignore[arg-type]


def _applied(scheme: Scheme, change: Change) -> Scheme:
    kinds = scheme.kinds
    match change:
        case RenameScheme(name):
            return replace(scheme, name=name)
        case Explain(explanation):
            return replace(scheme, explanation=explanation)
        case Rename(key, label):
            kinds = _on_kind(kinds, key, label=label)
        case Recolour(key, colour):
            kinds = _on_kind(kinds, key, colour=colour)
        case Rebind(key, hotkey):
            kinds = _on_kind(kinds, key, hotkey=hotkey)
        case SetParty(key, party):
            kinds = _on_kind(kinds, key, party=party)
        case SetType(key, kind_type, group):
            kinds = _on_kind(kinds, key, type=kind_type, group=group)
        case SetDetails(key, details):
            kinds = _on_kind(kinds, key, details=details)
        case Retire(key, retired):
            kinds = _on_kind(kinds, key, retired=retired)
        case AddKind(kind):
            kinds = (*kinds, kind)
        case Reorder(keys):
            if sorted(keys) != sorted(k.key for k in kinds):
                raise InvalidInput(_("A new order must name every kind of the scheme once."))
            by_key = {k.key: k for k in kinds}
            kinds = tuple(by_key[key] for key in keys)
    return replace(scheme, kinds=kinds)


def applied(scheme: Scheme, *changes: Change) -> Scheme:
    """``scheme`` with ``changes`` made, in order, same version and not checked: what an
    editor shows while the coach works (its :func:`problems` say what still stops a save).

    Raises:
        InvalidInput: a change names a kind the scheme does not have.
    """
    result = scheme
    for change in changes:
        result = _applied(result, change)
    return result


def edited(scheme: Scheme, *changes: Change) -> Scheme:
    """The next version of ``scheme`` with ``changes`` made, in order; ``scheme`` itself, and
    so every session recorded with it, stays as it was.

    The changes are checked together (so two keys can be swapped in one edit).

    Raises:
        InvalidInput: a change names a kind the scheme does not have, or the result is not a
            sound scheme (see :func:`problems`).
    """
    return check(replace(applied(scheme, *changes), version=scheme.version + 1))
