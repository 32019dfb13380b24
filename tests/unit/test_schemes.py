"""Tally schemes: the rules a scheme keeps, the presets, and editing into a next version."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain import i18n
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.model import Hat, Side, TallyKind, TallyKindId
from coachdesk.domain.scheme_colours import COLOUR_NAMES, colour, nearest
from coachdesk.domain.scheme_presets import BALANCE_SCHEME, PRESETS, first_version, preset
from coachdesk.domain.schemes import (
    HOTKEYS,
    MAX_LABEL_LENGTH,
    RESERVED_KEYS,
    AddKind,
    Change,
    Detail,
    Explain,
    Kind,
    KindType,
    Rebind,
    Recolour,
    Rename,
    RenameScheme,
    Reorder,
    Retire,
    Scheme,
    SetDetails,
    SetParty,
    SetType,
    Words,
    applied,
    check,
    edited,
    free_hotkeys,
    problems,
)

ROOT = Path(__file__).resolve().parents[2]


def first_schema_kinds() -> list[tuple[str, str, str, int, str, str | None]]:
    """The kinds the first migration seeds: what a database holds today."""
    path = ROOT / "coachdesk/store/migrations/versions/0001_initial.py"
    spec = importlib.util.spec_from_file_location("migration_0001", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    kinds: list[tuple[str, str, str, int, str, str | None]] = module.DEFAULT_KINDS
    return kinds


def kind(key: str, hotkey: str, **fields: object) -> Kind:
    return replace(Kind(key, Words(key, key.upper()), hotkey, "blue", Side.NEUTRAL), **fields)  # type: ignore[arg-type]


def scheme(*kinds: Kind) -> Scheme:
    return Scheme("mine", Words("Mine", "Van mij"), 1, kinds)


# -- presets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("shipped", PRESETS, ids=lambda s: s.key)
def test_every_preset_is_sound_and_explained_in_both_languages(shipped: Scheme) -> None:
    assert problems(shipped) == []
    assert [k.hotkey for k in shipped.kinds] == list(HOTKEYS[: len(shipped.kinds)])
    assert len({k.colour for k in shipped.kinds}) == len(shipped.kinds)  # told apart by colour
    for text in (shipped.explanation.en, shipped.explanation.nl):
        assert len(text) > 200 and "\n" not in text  # one paragraph
    assert shipped.preset == shipped.key and preset(shipped.key) is shipped
    assert shipped.version == 1


def test_the_balance_preset_is_the_first_schema_unchanged() -> None:
    stored = first_schema_kinds()
    assert [k.key for k in BALANCE_SCHEME.kinds] == [row[0] for row in stored]
    for shipped, (_key, label, side, position, hex_code, detail) in zip(
        BALANCE_SCHEME.kinds, stored, strict=True
    ):
        assert shipped.label.en == label
        assert shipped.party is Side(side)
        assert shipped.hotkey == str(position)  # the n-th kind was on key n
        assert shipped.colour == nearest(hex_code)
        assert hex_code in (colour(shipped.colour).light, colour(shipped.colour).dark)
        assert (shipped.type is KindType.STATE) == (detail == "hat")
    hat = BALANCE_SCHEME.kinds[2]
    assert [d.key for d in hat.details] == [h.value for h in Hat]
    assert [d.label.en for d in hat.details] == [h.label for h in Hat]


def test_the_balance_presets_dutch_is_the_catalogues() -> None:
    i18n.install("nl")
    for shipped in BALANCE_SCHEME.kinds:
        assert shipped.label.nl == i18n._(shipped.label.en)
        assert shipped.label.shown() == shipped.label.nl
        for detail in shipped.details:
            assert detail.label.nl == i18n._(detail.label.en)
    i18n.install("en")
    assert BALANCE_SCHEME.kinds[0].label.shown() == "advice given"


# -- the rules ---------------------------------------------------------------------------------


def test_a_sound_scheme_has_no_problems_and_passes_check() -> None:
    sound = scheme(kind("a", "1"), kind("b", "2", type=KindType.STATE, group="g"))
    assert problems(sound) == []
    assert check(sound) is sound


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (
            (kind("a", "1"), kind("b", "1")),
            "kind 2 (b): the key 1 is already bound to a",
        ),
        ((kind("a", "1", label=Words(" ", "x")),), "kind 1 (a): the English label is empty"),
        ((kind("a", "1", label=Words("x", "")),), "kind 1 (a): the Dutch label is empty"),
        (
            (kind("a", "1", type=KindType.STATE),),
            "kind 1 (a): a state needs a group",
        ),
        ((kind("a", "1", group="g"),), "kind 1 (a): a point has no group"),
        (
            (kind("a", "1", party="boss"),),
            "kind 1 (a): unknown party “boss” (coach, coachee or neutral)",
        ),
        ((kind("a", "1", type="event"),), "kind 1 (a): unknown type “event” (point or state)"),
        ((kind("a", "1"), kind("a", "2")), "kind 2 (a): an earlier kind has the same key"),
        (
            (kind("a", "1", colour="#FF0000"),),
            "kind 1 (a): the colour “#FF0000” is not in the palette (orange, teal,",
        ),
        (
            (kind("a", "F1"),),
            "kind 1 (a): “F1” is not a key a kind can have (1-9, a-z but p and m)",
        ),
        ((kind("A b", "1"),), "kind 1: the key “A b” is not an identifier (a-z, 0-9, _)"),
        (
            (kind("a", "1", details=tuple(Detail(f"d{n}", Words("x", "x")) for n in range(10))),),
            "kind 1 (a): 10 detail choices, at most 9",
        ),
        (
            (kind("a", "1", details=(Detail("d", Words("x", "x")),) * 2),),
            "kind 1 (a), detail 2 (d): this key is used twice",
        ),
        (
            (kind("a", "1", details=(Detail("d", Words("x", "")),)),),
            "kind 1 (a), detail 1 (d): the Dutch label is empty",
        ),
        ((), "the scheme has no kind to count"),
        ((kind("a", "1", retired=True),), "the scheme has no kind to count"),
    ],
)
def test_each_problem_says_what_and_where(kinds: tuple[Kind, ...], expected: str) -> None:
    found = problems(scheme(*kinds))
    assert any(p.startswith(expected) for p in found), found
    with pytest.raises(InvalidInput) as refused:
        check(scheme(*kinds))
    assert expected in str(refused.value)


def test_more_kinds_than_keys_is_named() -> None:
    many = tuple(kind(f"k{n}", HOTKEYS[n % len(HOTKEYS)]) for n in range(len(HOTKEYS) + 1))
    assert "34 kinds in use but only 33 keys to press" in problems(scheme(*many))


def test_problems_are_said_in_dutch() -> None:
    i18n.install("nl")
    found = problems(scheme(kind("a", "1"), kind("b", "1", label=Words("b", ""))))
    assert "turfsoort 2 (b): het Nederlandse label is leeg" in found
    assert "turfsoort 2 (b): de toets 1 hoort al bij A" in found


def test_every_problem_at_once_in_one_refusal() -> None:
    bad = scheme(kind("a", "1", colour="mauve"), kind("b", "1", type=KindType.STATE))
    with pytest.raises(InvalidInput) as refused:
        check(bad)
    lines = str(refused.value).splitlines()
    assert lines[0] == "This tally scheme cannot be used:"
    assert len(lines) == 1 + len(problems(bad)) == 4


def test_a_retired_kind_frees_its_key() -> None:
    assert problems(scheme(kind("a", "1", retired=True), kind("b", "1"))) == []
    assert free_hotkeys((kind("a", "1"), kind("b", "3"), kind("c", "2", retired=True)))[:3] == [
        "2",
        "4",
        "5",
    ]


def test_keys_are_handed_out_digits_first_then_letters() -> None:
    assert HOTKEYS[:9] == tuple("123456789")
    assert HOTKEYS[9:] == tuple("abcdefghijklnoqrstuvwxyz")  # P pauses, M marks the moment
    assert "p" not in free_hotkeys(()) and "p" in RESERVED_KEYS
    assert "m" not in free_hotkeys(()) and "m" in RESERVED_KEYS
    assert any("“p” is not a key" in p for p in problems(scheme(kind("a", "p"))))


# -- editing -------------------------------------------------------------------------------------


def test_an_edit_makes_the_next_version_and_leaves_the_used_one_alone() -> None:
    used = BALANCE_SCHEME
    before = replace(used)
    next_one = edited(
        used,
        Rename("advice", Words("tip given", "tip gegeven")),
        Recolour("advice", "red"),
        SetParty("hat", Side.COACH),
        RenameScheme(Words("My balance", "Mijn balans")),
        Explain(Words("Mine.", "Van mij.")),
    )
    assert used == before and used.version == 1
    assert next_one.version == 2
    advice = next_one.kind("advice")
    assert advice is not None and advice.label.nl == "tip gegeven" and advice.colour == "red"
    hat = next_one.kind("hat")
    assert hat is not None and hat.party is Side.COACH
    assert next_one.name.en == "My balance" and next_one.explanation.nl == "Van mij."
    assert next_one.key == used.key
    assert [k.key for k in next_one.kinds] == ["advice", "coachee_action", "hat"]
    assert edited(next_one, Retire("hat")).version == 3


def test_two_keys_swap_in_one_edit_but_not_one_at_a_time() -> None:
    swapped = edited(BALANCE_SCHEME, Rebind("advice", "2"), Rebind("coachee_action", "1"))
    assert [k.hotkey for k in swapped.kinds] == ["2", "1", "3"]
    with pytest.raises(InvalidInput, match="kind 2 \\(coachee_action\\): the key 2 is already"):
        edited(BALANCE_SCHEME, Rebind("advice", "2"))


def test_applied_shows_an_unsound_draft_that_edited_refuses() -> None:
    clash = (Rebind("advice", "2"),)
    draft = applied(BALANCE_SCHEME, *clash)
    assert draft.version == BALANCE_SCHEME.version and draft.kinds[0].hotkey == "2"
    assert problems(draft) == [
        "kind 2 (coachee_action): the key 2 is already bound to advice given"
    ]
    with pytest.raises(InvalidInput, match="the key 2 is already bound"):
        edited(BALANCE_SCHEME, *clash)
    fixed = (*clash, Rebind("coachee_action", "1"))
    assert edited(BALANCE_SCHEME, *fixed) == replace(applied(BALANCE_SCHEME, *fixed), version=2)


def test_kinds_are_added_reordered_retired_and_brought_back() -> None:
    added = edited(BALANCE_SCHEME, AddKind(kind("silence", "4", colour="slate")))
    assert [k.key for k in added.active] == ["advice", "coachee_action", "hat", "silence"]
    moved = edited(added, Reorder(("silence", "hat", "advice", "coachee_action")))
    assert [k.key for k in moved.kinds] == ["silence", "hat", "advice", "coachee_action"]
    retired = edited(moved, Retire("silence"))
    assert [k.key for k in retired.active] == ["hat", "advice", "coachee_action"]
    back = edited(retired, Retire("silence", retired=False))
    assert [k.key for k in back.active] == ["silence", "hat", "advice", "coachee_action"]
    states = edited(added, SetType("silence", KindType.STATE, "quiet"))
    assert states.groups()["quiet"][0].key == "silence"
    detailed = edited(added, SetDetails("silence", (Detail("long", Words("long", "lang")),)))
    silence = detailed.kind("silence")
    assert silence is not None and silence.detail("long") is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (Rename("nothing", Words("x", "x")), "There is no kind nothing in this scheme."),
        (Reorder(("advice", "hat")), "A new order must name every kind of the scheme once."),
        (Rename("advice", Words("", "x")), "kind 1 (advice): the English label is empty"),
        (Recolour("advice", "mauve"), "kind 1 (advice): the colour “mauve” is not in the"),
        (SetType("advice", KindType.STATE), "kind 1 (advice): a state needs a group"),
        (AddKind(kind("advice", "9")), "kind 4 (advice): an earlier kind has the same key"),
    ],
)
def test_an_edit_that_breaks_a_rule_is_refused(change: Change, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        edited(BALANCE_SCHEME, change)
    assert message in str(refused.value)


def _changes(base: Scheme) -> st.SearchStrategy[Change]:
    keys = st.sampled_from([k.key for k in base.kinds])
    text = st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=20).filter(
        str.strip
    )
    return st.one_of(
        st.builds(Rename, keys, st.builds(Words, text, text)),
        st.builds(Recolour, keys, st.sampled_from(COLOUR_NAMES)),
        st.builds(SetParty, keys, st.sampled_from(list(Side))),
        st.builds(Retire, keys, st.booleans()),
        st.permutations([k.key for k in base.kinds]).map(lambda p: Reorder(tuple(p))),
    )


@pytest.mark.parametrize("base", PRESETS, ids=lambda s: s.key)
@given(data=st.data())
def test_edits_never_touch_the_version_they_start_from(base: Scheme, data: st.DataObject) -> None:
    changes = data.draw(st.lists(_changes(base), max_size=6))
    snapshot = replace(base)
    retired = {k.key: k.retired for k in base.kinds}
    retired.update((c.kind, c.retired) for c in changes if isinstance(c, Retire))
    if all(retired.values()):  # the one rule these changes can break
        with pytest.raises(InvalidInput, match="the scheme has no kind to count"):
            edited(base, *changes)
        return
    result = edited(base, *changes)
    assert base == snapshot
    assert result.version == base.version + 1
    assert sorted(k.key for k in result.kinds) == sorted(k.key for k in base.kinds)
    assert problems(result) == []


# -- the data already stored ---------------------------------------------------------------


def stored_kinds(*extra: tuple[str, str, str, int, str, str | None]) -> list[TallyKind]:
    rows = [*first_schema_kinds(), *extra]
    return [
        TallyKind(TallyKindId(n), key, label, Side(side), position, colour, detail)
        for n, (key, label, side, position, colour, detail) in enumerate(rows, start=1)
    ]


def test_todays_kinds_are_the_first_version_of_balance() -> None:
    first = first_version(stored_kinds())
    assert first.scheme == BALANCE_SCHEME
    assert first.keys == {1: "advice", 2: "coachee_action", 3: "hat"}


def test_a_kind_from_elsewhere_joins_the_first_version() -> None:
    extra = ("Tip given!", "tip", "coach", 4, "#C0392B", None)
    first = first_version(stored_kinds(extra))
    assert problems(first.scheme) == []
    assert first.keys[TallyKindId(4)] == "tip_given"
    tip = first.scheme.kind("tip_given")
    assert tip == Kind("tip_given", Words("tip", "tip"), "4", "red", Side.COACH)


def test_kinds_past_the_last_key_are_kept_retired() -> None:
    extra = [(f"k{n}", f"kind {n}", "neutral", 4 + n, "#2F6DB5", None) for n in range(40)]
    first = first_version(stored_kinds(*extra))
    assert problems(first.scheme) == []
    assert len(first.scheme.kinds) == 43 and len(first.keys) == 43
    assert len(first.scheme.active) == len(HOTKEYS)
    assert [k.hotkey for k in first.scheme.active] == list(HOTKEYS)


def test_labels_as_long_as_an_archive_allows() -> None:
    from coachdesk.domain import archive

    assert MAX_LABEL_LENGTH == archive.MAX_LABEL_LENGTH
