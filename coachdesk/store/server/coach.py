"""A coach's side of the practice server: checking that a login is a coach of a practice at
the revision this coachdesk speaks."""

from __future__ import annotations

from dataclasses import dataclass

from coachdesk.domain.errors import PracticeServerError
from coachdesk.domain.i18n import _
from coachdesk.store.server import admin
from coachdesk.store.server.roles import COACH


@dataclass(frozen=True, slots=True)
class CoachLogin:
    name: str  # the coach's login role: the owner of their rows on the server
    revision: str


def check_login(url: str, password: str | None) -> CoachLogin:
    """Log in as a coach and check the practice is there, at this coachdesk's revision.

    Raises:
        PracticeServerError: the login is refused, is no coach of the practice, or the
            server's schema is missing or at another revision.
    """
    with admin.session(url, password) as conn:
        row = conn.execute(
            "SELECT current_user::text, pg_has_role(current_user, %s, 'USAGE')", (COACH,)
        ).fetchone()
        assert row is not None
        name, is_coach = str(row[0]), bool(row[1])
        found = admin.revision(conn) if is_coach else None
    if not is_coach:
        raise PracticeServerError(
            _("{name} is not a coach of this practice: ask its administrator.").format(name=name)
        )
    if found != admin.head():
        raise PracticeServerError(
            _(
                "The practice server is at schema {found}, this coachdesk needs {needed}: ask "
                "the administrator to run coachdesk practice upgrade (or upgrade coachdesk)."
            ).format(found=found or "-", needed=admin.head())
        )
    return CoachLogin(name, found)
