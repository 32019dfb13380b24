"""The tables, as typed SQLAlchemy ORM classes. They never leave the store package.

The schema itself is created and changed only by the Alembic migrations; these classes
describe the head revision and are checked against it by the tests.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class MetaRow(Base):
    """Facts about the file itself, such as which coachdesk version last migrated it."""

    __tablename__ = "coachdesk_meta"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CoacheeRow(Base):
    __tablename__ = "coachee"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    created_at_ms: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, server_default="")
    archived_at_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TallyKindRow(Base):
    __tablename__ = "tally_kind"
    __table_args__ = (CheckConstraint("side IN ('coach', 'coachee', 'neutral')", name="side"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    label: Mapped[str] = mapped_column(Text)
    side: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer)
    colour: Mapped[str] = mapped_column(String(7))
    detail: Mapped[str | None] = mapped_column(String, nullable=True)
    #: The key this kind has in the schemes (schema 6): its own key, unless that was not an
    #: identifier (see ``scheme_presets.first_version``).
    kind_key: Mapped[str] = mapped_column(String, server_default="")


class SchemeRow(Base):
    """A tally scheme: the same key for every version of it."""

    __tablename__ = "scheme"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)


class SchemeVersionRow(Base):
    """One version of a scheme, as its scheme file document (``domain/scheme_files.py``).
    A version that has sessions is never changed: an edit is a new row."""

    __tablename__ = "scheme_version"
    __table_args__ = (UniqueConstraint("scheme_id", "version", name="uq_scheme_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"))
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)


class SessionRow(Base):
    __tablename__ = "coaching_session"
    __table_args__ = (
        Index("ix_session_coachee_started", "coachee_id", "started_at_ms"),
        Index("ix_session_started", "started_at_ms"),
        # At most one session is ever open: every open row has the same indexed value.
        Index(
            "ux_session_one_open",
            text("(ended_at_ms IS NULL)"),
            unique=True,
            sqlite_where=text("ended_at_ms IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    coachee_id: Mapped[int] = mapped_column(ForeignKey("coachee.id"))
    started_at_ms: Mapped[int] = mapped_column(Integer)
    planned_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active_ms: Mapped[int] = mapped_column(Integer, default=0)
    ended_at_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: 1 when the coach left the session out of figures (kept, shown marked, reversible).
    left_out: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    #: The scheme version the session used; 1, the Balance scheme's first version, unless
    #: another was chosen.
    scheme_version_id: Mapped[int] = mapped_column(
        ForeignKey("scheme_version.id"), server_default=text("1")
    )


class PauseRow(Base):
    __tablename__ = "pause"
    __table_args__ = (Index("ix_pause_session", "session_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("coaching_session.id", ondelete="CASCADE"))
    offset_ms: Mapped[int] = mapped_column(Integer)
    started_at_ms: Mapped[int] = mapped_column(Integer)
    ended_at_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TallyRow(Base):
    __tablename__ = "tally"
    __table_args__ = (Index("ix_tally_session", "session_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("coaching_session.id", ondelete="CASCADE"))
    kind_id: Mapped[int] = mapped_column(ForeignKey("tally_kind.id"))
    offset_ms: Mapped[int] = mapped_column(Integer)
    at_ms: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(String, nullable=True)


class MarkerRow(Base):
    """A moment the coach marked in a session, with an optional short note ('' for none)."""

    __tablename__ = "marker"
    __table_args__ = (Index("ix_marker_session", "session_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("coaching_session.id", ondelete="CASCADE"))
    offset_ms: Mapped[int] = mapped_column(Integer)
    at_ms: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, server_default="")


class AgreedActionRow(Base):
    """An action the coachee agreed in a session, on the line ``position`` of what the coach
    typed; ``outcome`` is how it came back at the next session (NULL until marked)."""

    __tablename__ = "agreed_action"
    __table_args__ = (
        CheckConstraint("outcome IN ('done', 'partly', 'not')", name="outcome"),
        UniqueConstraint("session_id", "position", name="uq_agreed_action_position"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("coaching_session.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(8), nullable=True)


class SessionNoteRow(Base):
    """One filled-in field of a session's notes (an empty field has no row)."""

    __tablename__ = "session_note"
    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_session.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(Text, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at_ms: Mapped[int] = mapped_column(Integer)


class SessionCountRow(Base):
    """How many tallies of one kind (and detail, such as the hat) a session holds.

    Kept by the triggers in ``SUMMARY_TRIGGERS``, in the same transaction as each tally, so
    history reads a few rows per session instead of every tally.
    """

    __tablename__ = "session_count"
    __table_args__ = ({"sqlite_with_rowid": False},)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_session.id", ondelete="CASCADE"), primary_key=True
    )
    kind_id: Mapped[int] = mapped_column(ForeignKey("tally_kind.id"), primary_key=True)
    detail: Mapped[str] = mapped_column(Text, primary_key=True)  # '' for no detail
    n: Mapped[int] = mapped_column(Integer)


def _count_change(sign: str, row: str) -> str:
    """SQL that adds (``+``) or takes (``-``) one from the count of the tally ``row``
    (``NEW`` or ``OLD``); a count that reaches zero leaves no row."""
    key = f"{row}.session_id, {row}.kind_id, COALESCE({row}.detail, '')"
    if sign == "+":
        return (
            f"INSERT INTO session_count (session_id, kind_id, detail, n) VALUES ({key}, 1) "
            "ON CONFLICT (session_id, kind_id, detail) DO UPDATE SET n = n + 1; "
        )
    match = (
        f"session_id = {row}.session_id AND kind_id = {row}.kind_id "
        f"AND detail = COALESCE({row}.detail, '')"
    )
    return (
        f"UPDATE session_count SET n = n - 1 WHERE {match}; "
        f"DELETE FROM session_count WHERE {match} AND n <= 0; "
    )


#: The triggers that keep ``session_count`` equal to the tallies, whatever writes them.
SUMMARY_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS tr_tally_count_insert AFTER INSERT ON tally BEGIN "
    f"{_count_change('+', 'NEW')}END",
    "CREATE TRIGGER IF NOT EXISTS tr_tally_count_delete AFTER DELETE ON tally BEGIN "
    f"{_count_change('-', 'OLD')}END",
    "CREATE TRIGGER IF NOT EXISTS tr_tally_count_update "
    "AFTER UPDATE OF session_id, kind_id, detail ON tally "
    "WHEN OLD.session_id IS NOT NEW.session_id OR OLD.kind_id IS NOT NEW.kind_id "
    "OR OLD.detail IS NOT NEW.detail BEGIN "
    f"{_count_change('-', 'OLD')}{_count_change('+', 'NEW')}END",
)

#: Indexes that carry a rule, not just speed. SQLAlchemy cannot reflect an expression index,
#: so a migration that copies its table drops it; ``migrate`` puts them back after every run.
INVARIANT_INDEXES = tuple(
    index
    for index in Base.metadata.tables["coaching_session"].indexes
    if index.name == "ux_session_one_open"
)
