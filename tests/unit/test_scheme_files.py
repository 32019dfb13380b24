"""Scheme files (export, import, every refusal) and the ethogram of a BORIS project file."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.model import Side
from coachdesk.domain.scheme_colours import COLOUR_NAMES
from coachdesk.domain.scheme_files import (
    FORMAT,
    MAX_FILE_BYTES,
    dumps,
    from_boris,
    parse,
    to_document,
)
from coachdesk.domain.scheme_presets import BALANCE_SCHEME, PRESETS
from coachdesk.domain.schemes import (
    HOTKEYS,
    Detail,
    Kind,
    KindType,
    Scheme,
    Words,
    problems,
)
from tests.unit.boris_files import STUDY, behaviour, project, saved

ROOT = Path(__file__).resolve().parents[2]

# -- coachdesk's own file ----------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=30).filter(
    str.strip
)
_ident = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
_words = st.builds(Words, _text, _text)


@st.composite
def schemes(draw: st.DrawFn) -> Scheme:
    count = draw(st.integers(1, 12))
    keys = draw(st.lists(_ident, min_size=count, max_size=count, unique=True))
    hotkeys = draw(st.permutations(HOTKEYS))[:count]
    kinds: list[Kind] = []
    for key, hotkey in zip(keys, hotkeys, strict=True):
        kind_type = draw(st.sampled_from(KindType))
        details = draw(
            st.lists(st.builds(Detail, _ident, _words), max_size=4, unique_by=lambda d: d.key)
        )
        kinds.append(
            Kind(
                key,
                draw(_words),
                hotkey,
                draw(st.sampled_from(COLOUR_NAMES)),
                draw(st.sampled_from(Side)),
                kind_type,
                draw(st.sampled_from(["phase", "focus"])) if kind_type is KindType.STATE else None,
                tuple(details),
                retired=draw(st.booleans()) if kinds else False,
            )
        )
    explanation = st.text(
        st.characters(exclude_categories=("Cc", "Cs")) | st.just("\n"), max_size=200
    )
    scheme = Scheme(
        draw(_ident),
        draw(_words),
        draw(st.integers(1, 10_000)),
        tuple(kinds),
        Words(draw(explanation), draw(explanation)),
        draw(st.none() | _ident),
    )
    assume(problems(scheme) == [])
    return scheme


@given(schemes())
def test_a_scheme_comes_back_from_its_file_unchanged(scheme: Scheme) -> None:
    assert parse(dumps(scheme)) == scheme


@pytest.mark.parametrize("shipped", PRESETS, ids=lambda s: s.key)
def test_every_preset_comes_back_from_its_file(shipped: Scheme) -> None:
    data = dumps(shipped)
    assert json.loads(data)["format"] == "coachdesk-scheme-1" == FORMAT
    assert "ondersteuning" in data.decode("utf-8") or shipped.key != "four_legs"  # not escaped
    assert parse(data) == shipped


def test_the_example_in_the_documentation_is_a_sound_file() -> None:
    doc = (ROOT / "docs/schemes.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", doc, re.S)
    assert example is not None
    scheme = parse(example.group(1).encode("utf-8"))
    assert scheme.name.nl and scheme.kinds


def _balance() -> dict[str, Any]:
    return copy.deepcopy(to_document(BALANCE_SCHEME))


def _set(path: str, value: object) -> dict[str, Any]:
    doc = _balance()
    *parents, last = re.findall(r"\w+", path)
    target: Any = doc
    for step in parents:
        target = target[int(step)] if step.isdigit() else target[step]
    if value is _DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return doc


_DELETE = object()


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (b"{not json", "it is not JSON, or the JSON is cut off"),
        (b"[]", "/: expected an object"),
        (_set("format", "coachdesk-archive"), "it is not a coachdesk scheme file"),
        (_set("format", "coachdesk-scheme-2"), "it was made by a newer coachdesk"),
        (_set("kinds.1.hotkey", _DELETE), "kinds[1].hotkey: missing"),
        (_set("kinds.0.shortcut", "x"), "kinds[0].shortcut: not a field of this format"),
        (_set("kinds.2.party", "boss"), "kinds[2].party: expected coach, coachee or neutral"),
        (_set("kinds.2.type", "interval"), "kinds[2].type: expected point or state"),
        (_set("kinds.0.label", "advice"), "kinds[0].label: expected an object"),
        (_set("kinds.0.retired", "no"), "kinds[0].retired: expected true or false"),
        (_set("kinds.2.details.0.label.nl", ""), "kinds[2].details[0].label.nl: empty or"),
        (_set("kinds.1.label.en", "a\x1b[2J"), "kinds[1].label.en: holds a control character"),
        (_set("version", True), "version: expected a whole number from 1"),
        (_set("kinds", {}), "kinds: expected a list"),
        (
            _set("kinds.1.hotkey", "1"),
            "kind 2 (coachee_action): the key 1 is already bound to advice given",
        ),
        (_set("kinds.0.colour", "#D9822B"), "kind 1 (advice): the colour “#D9822B” is not"),
        (_set("kinds.2.group", None), "kind 3 (hat): a state needs a group"),
        (_set("kinds.1.key", "advice"), "kind 2 (advice): an earlier kind has the same key"),
    ],
)
def test_a_bad_file_is_refused_saying_what_and_where(
    document: bytes | dict[str, Any], expected: str
) -> None:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    with pytest.raises(InvalidInput) as refused:
        parse(data)
    message = str(refused.value)
    assert message.startswith("This is not a usable coachdesk scheme file: ")
    assert expected in message
    assert message.endswith("Nothing was imported.")


def test_a_file_too_large_is_not_read() -> None:
    with pytest.raises(InvalidInput, match="larger than 64 MiB"):
        parse(b" " * (MAX_FILE_BYTES + 1))


def test_explanation_and_preset_may_be_left_out() -> None:
    doc = _balance()
    del doc["explanation"], doc["preset"]
    read = parse(json.dumps(doc).encode())
    assert read == replace(BALANCE_SCHEME, explanation=Words("", ""), preset=None)


# -- BORIS -------------------------------------------------------------------------------------


@pytest.mark.parametrize("gzipped", [False, True], ids=["boris", "boris.gz"])
def test_a_boris_ethogram_becomes_a_new_scheme(gzipped: bool) -> None:
    imported = from_boris(saved(STUDY, gzipped=gzipped))
    scheme = imported.scheme
    assert problems(scheme) == []
    assert (scheme.key, scheme.name, scheme.version, scheme.preset) == (
        "coaching_study",
        Words("Coaching study", "Coaching study"),
        1,
        None,
    )
    assert scheme.explanation.en == "Sessions coded in BORIS."
    assert [
        (k.key, k.label.en, k.label.nl, k.hotkey, k.type.value, k.group, k.colour)
        for k in scheme.kinds
    ] == [
        ("open_question", "open question", "open question", "1", "point", None, "blue"),
        ("closed_question", "closed question", "closed question", "q", "point", None, "orange"),
        ("goal", "Goal", "Goal", "g", "state", "goal", "teal"),
        ("reality", "Reality", "Reality", "r", "state", "goal", "violet"),
        ("options", "Options", "Options", "o", "state", "goal", "gold"),
        ("silence", "Silence", "Silence", "2", "state", "silence", "red"),
        ("hat_named", "Hat named", "Hat named", "3", "point", None, "green"),
    ]
    assert {k.party for k in scheme.kinds} == {Side.NEUTRAL}
    hat = scheme.kinds[-1]
    assert [(d.key, d.label.en) for d in hat.details] == [
        ("coach", "coach"),
        ("assessor", "assessor"),
        ("mentor", "mentor"),
    ]
    assert imported.notes == (
        "Silence: BORIS's key F1 is now 2.",
        "Silence: a state no other state excludes; here it lasts from its key until the "
        "session ends (in BORIS a second press stops it).",
        "Hat named: BORIS's key 1 is now 3.",
        "Hat named: modifiers that are numbers or outside data were left out.",
        "BORIS has no sides: every kind counts for neither side of the balance until you "
        "choose the coach's and the coachee's kinds.",
    )
    assert parse(dumps(scheme)) == scheme  # and it can be shared as a scheme file


def test_a_boris_project_without_a_name_is_named_for_its_origin() -> None:
    pj = project(behaviour("p", "p"))
    pj["project_name"] = ""
    scheme = from_boris(saved(pj)).scheme
    assert (scheme.key, scheme.name.en) == ("boris_ethogram", "BORIS ethogram")


def _with(change: dict[str, Any]) -> dict[str, Any]:
    pj = project(behaviour("p", "p"), behaviour("s", "s", "State event"))
    pj.update(change)
    return pj


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x00\x01 not json", "it is not JSON"),
        (saved({"project_name": "x"}), "it has no ethogram (behaviors_conf)"),
        (saved(_with({"behaviors_conf": {}})), "behaviors_conf: expected a non-empty object"),
        (saved(_with({"behaviors_conf": {"0": []}})), "behaviors_conf.0: expected an object"),
        (
            saved(_with({"behaviors_conf": {"0": behaviour("", "p")}})),
            "behaviors_conf.0.code: the behaviour has no code",
        ),
        (
            saved(_with({"behaviors_conf": {"0": behaviour("p", "p", "Mixed event")}})),
            "behaviors_conf.0.type: expected Point event or State event",
        ),
        (
            saved(project(behaviour("p", "p"), behaviour("p", "q"))),
            "behaviors_conf.1.code: the code p is used twice",
        ),
        (
            saved(_with({"behaviors_conf": {"0": behaviour("p", 5)}})),  # type: ignore[arg-type]
            "behaviors_conf.0.key: expected text",
        ),
        (
            saved(project(*(behaviour(f"b{n}", "") for n in range(34)))),
            "34 kinds in use but only 33 keys to press",
        ),
        (saved(STUDY, gzipped=True)[:-12], "the gzip data is cut off"),
        (b"\x1f\x8b" + b"\x00" * 20, "the gzip data is damaged"),
    ],
)
def test_a_bad_boris_file_is_refused_saying_what_and_where(data: bytes, expected: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        from_boris(data)
    message = str(refused.value)
    assert message.startswith("This is not a usable BORIS project file: ")
    assert expected in message
    assert message.endswith("Nothing was imported.")
