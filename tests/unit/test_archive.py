"""The archive format: a round trip, and every kind of bad file refused with a clear message."""

from __future__ import annotations

import copy
import io
import json
import unicodedata
import uuid
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain import archive, scheme_files
from coachdesk.domain.archive import (
    Archive,
    CoacheeEntry,
    KindEntry,
    PauseEntry,
    SessionEntry,
    TallyEntry,
    pause_uids,
    tally_uids,
)
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.model import SchemeRef
from coachdesk.domain.scheme_presets import BALANCE_SCHEME, GROW, GROW_SCHEME, PHASES

KINDS = (
    KindEntry("advice", "advice given", "coach", 1, "#c0392b", None),
    KindEntry("hat", "role hat declared", "neutral", 3, "#7f8c8d", "hat"),
)
S1 = "11111111-1111-4111-8111-111111111111"
S2 = "22222222-2222-4222-8222-222222222222"
C1 = "c0ffee00-3333-4333-8333-33333333abcd"


def session(uid: str, *, ended: int | None = 3_000_000, times: int = 2) -> SessionEntry:
    tally_times = [(1000 * i, 1_000_000 + 1000 * i) for i in range(times)] + [(0, 1_000_000)]
    t_uids = tally_uids(uid, tally_times)
    p_uids = pause_uids(uid, [(500, 1_000_500)])
    return SessionEntry(
        uid,
        1_000_000,
        45,
        2_000,
        ended,
        (PauseEntry(p_uids[0], 500, 1_000_500, 1_001_500),),
        tuple(
            TallyEntry(u, "advice" if i % 2 else "hat", a, b, None if i % 2 else "mentor")
            for i, (u, (a, b)) in enumerate(zip(t_uids, tally_times, strict=True))
        ),
        (("note", "a note, with \u00e9 and \u201cquotes\u201d"),),
    )


def sample() -> Archive:
    return Archive(5_000_000, KINDS, (CoacheeEntry(C1, "K-17", 900_000, (session(S1),)),))


def document() -> dict[str, Any]:
    return copy.deepcopy(archive.to_document(sample()))


def refused(data: bytes | dict[str, Any], match: str) -> None:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(InvalidInput, match=match) as caught:
        archive.parse(raw)
    assert "Nothing was imported" in str(caught.value)


def test_an_archive_reads_back_as_it_was_written() -> None:
    assert archive.parse(archive.dumps(sample())) == sample()


def test_equal_times_in_one_session_get_different_uids() -> None:
    uids = tally_uids(S1, [(5, 6), (5, 6), (5, 6)])
    assert len(set(uids)) == 3
    assert uids == tally_uids(S1, [(5, 6), (5, 6), (5, 6)])  # and the same every time
    assert uids != tally_uids(S2, [(5, 6), (5, 6), (5, 6)])


@given(
    names=st.lists(
        # What a name can be: NFC (as parse gives it) and without control characters.
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30)
        .map(str.strip)
        .map(lambda n: unicodedata.normalize("NFC", n))
        .filter(bool),
        max_size=4,
        unique=True,
    ),
    tallies=st.integers(0, 20),
)
def test_any_archive_of_ours_reads_back(names: list[str], tallies: int) -> None:
    coachees = tuple(
        CoacheeEntry(
            f"{i:08x}-0000-4000-8000-000000000000",
            name,
            i,
            (session(f"{i:08x}-1111-4111-8111-111111111111", times=tallies),),
        )
        for i, name in enumerate(names)
    )
    whole = Archive(1, KINDS, coachees)
    # at most one open session: all of these are ended
    assert archive.parse(archive.dumps(whole)) == whole


def test_a_zipped_archive_reads_like_a_plain_one(tmp_path: Path) -> None:
    zipped = tmp_path / "a.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(archive.MEMBER, archive.dumps(sample()))
    assert archive.parse(archive.read_file(zipped)) == sample()


def test_not_json() -> None:
    refused(b"\x89PNG\r\n\x1a\n not json at all", "not JSON")


def test_truncated() -> None:
    refused(archive.dumps(sample())[:-40], "cut off")


def test_not_utf8() -> None:
    refused(b'{"format": "\xff\xfe"}', "not JSON")


def test_deeply_nested() -> None:
    refused(b"[" * 200_000 + b"]" * 200_000, "nested too deeply")


def test_nested_where_a_value_belongs() -> None:
    doc = document()
    doc["coachees"][0]["name"] = [[[["K-17"]]]]
    refused(doc, r"coachees\[0\]\.name: expected text")


def test_another_format() -> None:
    doc = document()
    doc["format"] = "something-else"
    refused(doc, "not a coachdesk archive")


def test_a_newer_version() -> None:
    doc = document()
    doc["version"] = archive.VERSION + 1
    refused(doc, "newer coachdesk")


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("coachees", 0, "sessions", 0, "active_ms"), "2000", "expected a whole number"),
        (("coachees", 0, "sessions", 0, "active_ms"), 2000.5, "expected a whole number"),
        (("coachees", 0, "sessions", 0, "active_ms"), True, "expected a whole number"),
        (("coachees", 0, "sessions", 0, "active_ms"), -1, "out of range"),
        (("coachees", 0, "sessions", 0, "planned_minutes"), 100_000, "out of range"),
        (("coachees", 0, "sessions", 0, "ended_at_ms"), 5, "out of range"),
        (("coachees", 0, "sessions", 0, "tallies"), {"a": 1}, "expected a list"),
        (("coachees", 0, "sessions", 0, "tallies", 0), "x", "expected an object"),
        (("coachees", 0, "sessions", 0, "tallies", 0, "kind"), "nope", "no such tally kind"),
        (("coachees", 0, "sessions", 0, "notes"), {"diary": "x"}, "unknown note field"),
        (("coachees", 0, "sessions", 0, "notes"), {"note": "x" * 20_001}, "too long"),
        (("coachees", 0, "name"), "", "empty or too long"),
        (("coachees", 0, "note"), 5, "expected text"),
        (("coachees", 0, "note"), "n" * 2001, "too long"),
        (("coachees", 0, "archived_at_ms"), "yesterday", "expected a whole number"),
        (("coachees", 0, "name"), " K-17", "spaces"),
        (("coachees", 0, "name"), "K\x0017", "NUL"),
        (("coachees", 0, "name"), "K\udcff17", r"coachees\[0\]\.name: not valid text"),
        (("coachees", 0, "name"), "K\x1b[2J17", r"coachees\[0\]\.name: holds a control"),
        (("coachees", 0, "name"), "K\n17", "control character"),
        (("coachees", 0, "note"), "K\udcff17", r"coachees\[0\]\.note: not valid text"),
        (("coachees", 0, "sessions", 0, "notes"), {"note": "\x07"}, "control character"),
        (("tally_kinds", 0, "label"), "a\x1b]0;owned\x07", "control character"),
        (("coachees", 0, "name"), "K" * 10_001, "too long"),
        (("tally_kinds", 0, "side"), "both", "unknown side"),
        (("tally_kinds", 0, "colour"), "red", "not a colour"),
        (("coachees",), "all of them", "expected a list"),
    ],
)
def test_wrong_types_and_ranges(path: tuple[str | int, ...], value: object, problem: str) -> None:
    doc = document()
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    refused(doc, problem)


def test_missing_field() -> None:
    doc = document()
    del doc["coachees"][0]["sessions"][0]["started_at_ms"]
    refused(doc, r"sessions\[0\]\.started_at_ms: missing")


def test_huge_numbers() -> None:
    text = archive.dumps(sample()).replace(b'"active_ms":2000', b'"active_ms":' + b"9" * 5000)
    refused(text, "not JSON")


def test_bad_uid() -> None:
    doc = document()
    doc["coachees"][0]["uid"] = "'; DROP TABLE coachee; --"
    refused(doc, "not a uid")


def test_uppercase_uid() -> None:
    doc = document()
    doc["coachees"][0]["uid"] = C1.upper()
    refused(doc, "not a uid")


def test_a_uid_used_twice() -> None:
    doc = document()
    doc["coachees"][0]["sessions"][0]["uid"] = C1
    refused(doc, "used twice")


def test_a_tally_uid_that_is_not_its_own() -> None:
    doc = document()
    doc["coachees"][0]["sessions"][0]["tallies"][0]["offset_ms"] = 99
    refused(doc, r"tallies\[0\]\.uid: does not belong to this tally")


def test_a_pause_uid_that_is_not_its_own() -> None:
    doc = document()
    doc["coachees"][0]["sessions"][0]["pauses"][0]["uid"] = S2
    refused(doc, "does not belong to this pause")


def test_two_coachees_with_one_name() -> None:
    doc = document()
    second = copy.deepcopy(doc["coachees"][0])
    second["uid"] = S2
    second["sessions"] = []
    doc["coachees"].append(second)
    refused(doc, "two coachees have this name")


def test_a_second_open_session() -> None:
    whole = Archive(
        1,
        KINDS,
        (
            CoacheeEntry(C1, "A", 1, (session(S1, ended=None),)),
            CoacheeEntry(
                "44444444-4444-4444-8444-444444444444", "B", 1, (session(S2, ended=None),)
            ),
        ),
    )
    refused(archive.dumps(whole), "a second session is still open")


def test_one_open_session_is_fine() -> None:
    whole = Archive(1, KINDS, (CoacheeEntry(C1, "A", 1, (session(S1, ended=None),)),))
    assert archive.parse(archive.dumps(whole)) == whole


def test_a_file_over_the_size_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1001)
    with pytest.raises(InvalidInput, match="larger than"):
        archive.read_file(big)


def test_a_zip_bomb_is_cut_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", 1 << 20)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(archive.MEMBER, b" " * (64 << 20))  # 64 MiB of spaces, a few KiB packed
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(InvalidInput, match="unpacks to more than 1 MiB"):
        archive.read_file(bomb)


def test_a_zip_that_lies_about_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", 1 << 20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(archive.MEMBER, b" " * (4 << 20))
    data = bytearray(buffer.getvalue())
    # the declared sizes (local header and central directory) now say 10 bytes
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(header) + offset
        data[at : at + 4] = (10).to_bytes(4, "little")
    with pytest.raises(InvalidInput, match="damaged"):
        archive.unzipped(bytes(data))


def test_a_zip_with_other_files(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(archive.MEMBER, archive.dumps(sample()))
        z.writestr("evil.sh", b"rm -rf ~")
    with pytest.raises(InvalidInput, match=r"exactly one \.json"):
        archive.unzipped(buffer.getvalue())


def test_a_damaged_zip() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(archive.MEMBER, archive.dumps(sample()))
    with pytest.raises(InvalidInput, match="damaged"):
        archive.unzipped(buffer.getvalue()[: len(buffer.getvalue()) // 2])


def test_a_zip_whose_member_is_flagged_encrypted() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(archive.MEMBER, archive.dumps(sample()))
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x01  # "encrypted": zipfile then wants a password
    with pytest.raises(InvalidInput, match="damaged or unsupported"):
        archive.unzipped(bytes(data))


def test_a_backup_given_as_an_archive_says_to_restore_it(tmp_path: Path) -> None:
    backup = tmp_path / "coachdesk-20260101-120000Z.sqlite3"
    backup.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    with pytest.raises(InvalidInput, match=r"not an archive: .*coachdesk restore") as caught:
        archive.read_file(backup)
    assert "decode" not in str(caught.value)


def test_notes_keep_their_line_breaks_and_names_are_composed() -> None:
    doc = document()
    doc["coachees"][0]["name"] = "O\u0308zdemir"  # as macOS may type "Özdemir"
    doc["coachees"][0]["sessions"][0]["notes"] = {"note": "one\n\ttwo\r\n"}
    read = archive.parse(json.dumps(doc).encode())
    assert read.coachees[0].name == "\u00d6zdemir"
    assert read.coachees[0].sessions[0].notes == (("note", "one\n\ttwo\r\n"),)


@pytest.mark.parametrize(
    ("kind", "detail", "problem"),
    [("hat", "wizard", "not a hat"), ("hat", None, "not a hat"), ("advice", "x", "has no detail")],
)
def test_a_tally_detail_that_does_not_fit_its_kind(
    kind: str, detail: str | None, problem: str
) -> None:
    doc = document()
    tally = doc["coachees"][0]["sessions"][0]["tallies"][0]
    tally["kind"], tally["detail"] = kind, detail
    refused(doc, problem)


def test_an_unknown_kind_of_detail() -> None:
    doc = document()
    doc["tally_kinds"][0]["detail"] = "colour"
    refused(doc, "unknown kind of detail")


@given(st.uuids(), st.integers(0, 10**13), st.integers(0, 10**13), st.integers(0, 5))
def test_derived_uids_are_uuid5_of_the_session_and_times(
    session: uuid.UUID, a: int, b: int, n: int
) -> None:
    times = [(a, b)] * (n + 1)
    expected = uuid.uuid5(archive._UID_NAMESPACE, f"{session}/tally/{a}/{b}/{n}")
    assert tally_uids(str(session), times)[n] == str(expected)


# -- schemes --------------------------------------------------------------------------------


def grow_sample() -> Archive:
    """A GROW session beside the Balance one: its tallies are of the GROW scheme's kinds."""
    grow_kinds = tuple(
        KindEntry(f"grow.{phase}", phase, "neutral", 10 + i, "#336699", None)
        for i, phase in enumerate(PHASES)
    )
    times = [(0, 1_000_000), (5_000, 1_005_000)]
    uids = tally_uids(S2, times)
    grown = SessionEntry(
        S2,
        1_000_000,
        None,
        9_000,
        1_009_000,
        tallies=(
            TallyEntry(uids[0], "grow.goal", *times[0], None),
            TallyEntry(uids[1], "grow.reality", *times[1], None),
        ),
        scheme=SchemeRef(GROW, 1),
    )
    return Archive(
        5_000_000,
        KINDS + grow_kinds,
        (CoacheeEntry(C1, "K-17", 900_000, (session(S1), grown)),),
        (GROW_SCHEME,),
    )


def test_sessions_carry_their_scheme_and_the_archive_the_versions_used() -> None:
    written = archive.to_document(grow_sample())
    assert written["version"] == 2
    assert [(s["key"], s["version"]) for s in written["schemes"]] == [(GROW, 1)]
    assert written["schemes"][0]["document"]["kinds"][0]["key"] == "goal"
    first, second = written["coachees"][0]["sessions"]
    assert "scheme" not in first  # Balance's first version, as before schemes
    assert second["scheme"] == {"key": GROW, "version": 1}
    assert archive.parse(archive.dumps(grow_sample())) == grow_sample()


def test_an_archive_of_balance_sessions_is_written_as_before_schemes() -> None:
    written = archive.to_document(sample())
    assert written["version"] == 1 and "schemes" not in written


def test_an_archive_from_before_schemes_reads_as_balance_sessions() -> None:
    doc = document()
    doc["version"] = 1
    read = archive.parse(json.dumps(doc).encode())
    assert read.schemes == ()
    assert read.coachees[0].sessions[0].scheme == archive.BALANCE_V1


def test_a_session_may_name_a_scheme_the_archive_does_not_carry() -> None:
    doc = document()
    doc["coachees"][0]["sessions"][0]["scheme"] = {"key": "balance", "version": 2}
    read = archive.parse(json.dumps(doc).encode())  # the store may hold it: checked there
    assert read.coachees[0].sessions[0].scheme == SchemeRef("balance", 2)


def grow_document() -> dict[str, Any]:
    return copy.deepcopy(archive.to_document(grow_sample()))


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("schemes",), {"key": "grow"}, r"schemes: expected a list"),
        (("schemes", 0), "grow", r"schemes\[0\]: expected an object"),
        (("schemes", 0, "key"), "", r"schemes\[0\]\.key: empty or too long"),
        (("schemes", 0, "version"), "1", r"schemes\[0\]\.version: expected a whole number"),
        (("schemes", 0, "version"), 0, r"schemes\[0\]\.version: out of range"),
        (("schemes", 0, "version"), 2, r"schemes\[0\]\.document: holds version 1 of .grow."),
        (("schemes", 0, "key"), "four_legs", r"schemes\[0\]\.document: holds version 1"),
        (("schemes", 0, "document"), [], r"schemes\[0\]\.document: /: expected an object"),
        (
            ("schemes", 0, "document", "kinds", 0, "party"),
            "judge",
            r"schemes\[0\]\.document: kinds\[0\]\.party: expected coach",
        ),
        (
            ("schemes", 0, "document", "format"),
            "coachdesk-scheme-9",
            r"schemes\[0\]\.document: it was made by a newer coachdesk",
        ),
        (
            ("coachees", 0, "sessions", 1, "scheme"),
            "grow",
            r"coachees\[0\]\.sessions\[1\]\.scheme: expected an object",
        ),
        (
            ("coachees", 0, "sessions", 1, "scheme", "version"),
            None,
            r"coachees\[0\]\.sessions\[1\]\.scheme\.version: expected a whole number",
        ),
        (
            ("coachees", 0, "sessions", 1, "scheme", "key"),
            7,
            r"coachees\[0\]\.sessions\[1\]\.scheme\.key: expected text",
        ),
    ],
)
def test_bad_scheme_fields_are_refused_saying_where(
    path: tuple[str | int, ...], value: object, problem: str
) -> None:
    doc = grow_document()
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    refused(doc, problem)


def test_a_scheme_version_listed_twice() -> None:
    doc = grow_document()
    doc["schemes"].append(copy.deepcopy(doc["schemes"][0]))
    refused(doc, r"schemes\[1\]: this scheme version is listed twice")


def test_balance_first_version_is_never_carried() -> None:
    doc = grow_document()
    doc["schemes"][0]["document"] = scheme_files.to_document(BALANCE_SCHEME)
    doc["schemes"][0]["key"] = "balance"
    refused(doc, r"schemes\[0\]: the first version of Balance is never carried")


def test_a_missing_scheme_field() -> None:
    doc = grow_document()
    del doc["schemes"][0]["document"]
    refused(doc, r"schemes\[0\]\.document: missing")


def test_a_sessions_scheme_is_left_out_of_its_repr() -> None:
    """The practice server's sync keeps a hash of each session's repr: those kept before
    sessions carried their scheme must still match."""
    one = session(S1)
    assert repr(replace(one, scheme=SchemeRef(GROW, 1))) == repr(one)
    assert replace(one, scheme=SchemeRef(GROW, 1)) != one
