"""The headline figure: how much of what was noted came from the coachee."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from coachdesk.i18n import _, ngettext
from coachdesk.model import Side, Tally, TallyKind


@dataclass(frozen=True, slots=True)
class Balance:
    coach: int  # tallies of coach-side kinds (advice given)
    coachee: int  # tallies of coachee-side kinds (coachee action noted)

    @property
    def coachee_share(self) -> float | None:
        """coachee / (coachee + coach), or None when nothing was noted on either side."""
        total = self.coach + self.coachee
        return self.coachee / total if total else None

    def sentence(self) -> str:
        """One plain sentence, with no verdict in it."""
        share = self.coachee_share
        if share is None:
            return _("No advice and no coachee actions were noted.")
        return ngettext(
            "Coachee's share: {coachee} of {total} noted contribution ({percent}%).",
            "Coachee's share: {coachee} of {total} noted contributions ({percent}%).",
            self.coach + self.coachee,
        ).format(coachee=self.coachee, total=self.coach + self.coachee, percent=round(share * 100))


def balance_of(kinds: Iterable[TallyKind], tallies: Iterable[Tally]) -> Balance:
    side_of = {k.id: k.side for k in kinds}
    per_side = Counter(side_of.get(t.kind_id) for t in tallies)
    return Balance(coach=per_side[Side.COACH], coachee=per_side[Side.COACHEE])
