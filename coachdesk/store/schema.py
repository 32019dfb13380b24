"""The tables, as typed SQLAlchemy ORM classes. They never leave the store package.

The schema itself is created and changed only by the Alembic migrations; these classes
describe the head revision and are checked against it by the tests.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
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


class SessionRow(Base):
    __tablename__ = "coaching_session"
    __table_args__ = (
        Index("ix_session_coachee_started", "coachee_id", "started_at_ms"),
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


class SessionNoteRow(Base):
    """One filled-in field of a session's notes (an empty field has no row)."""

    __tablename__ = "session_note"
    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_session.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(Text, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at_ms: Mapped[int] = mapped_column(Integer)


#: Indexes that carry a rule, not just speed. SQLAlchemy cannot reflect an expression index,
#: so a migration that copies its table drops it; ``migrate`` puts them back after every run.
INVARIANT_INDEXES = tuple(
    index
    for index in Base.metadata.tables["coaching_session"].indexes
    if index.name == "ux_session_one_open"
)
