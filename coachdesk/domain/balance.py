"""The headline figure: how much of what was noted came from the coachee."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import Side, Tally, TallyKind

#: Below this many noted contributions (advice plus coachee actions) a share says little:
#: one tally more or less moves it by ten points or more. A plain note says so.
FEW_NOTED = 10
#: The same for a part of a session (a third): below this many, the part's share is a hint.
FEW_NOTED_IN_PART = 5


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


def plain_sentence(balance: Balance) -> str:
    """The balance as said to the coachee: plain words, addressed to them, no jargon."""
    share = balance.coachee_share
    if share is None:
        return _("Nothing was noted this time.")
    total = balance.coach + balance.coachee
    return ngettext(
        "Of the {total} moment we noted, {coachee} was your own action ({percent}%).",
        "Of the {total} moments we noted, {coachee} were your own actions ({percent}%).",
        total,
    ).format(coachee=balance.coachee, total=total, percent=round(share * 100))


def few_note(balance: Balance) -> str:
    """A plain note when the share rests on fewer than :data:`FEW_NOTED` tallies, else ``""``."""
    total = balance.coach + balance.coachee
    if not 0 < total < FEW_NOTED:
        return ""
    return ngettext(
        "This share rests on {total} tally: too few to say much.",
        "This share rests on {total} tallies: too few to say much.",
        total,
    ).format(total=total)


def few_in_parts_note(parts: Iterable[Balance]) -> str:
    """A plain note when a part with tallies has fewer than :data:`FEW_NOTED_IN_PART`."""
    totals = [p.coach + p.coachee for p in parts]
    if not any(0 < t < FEW_NOTED_IN_PART for t in totals):
        return ""
    return _(
        "A part with fewer than {few} tallies says little on its own: read its share as a hint."
    ).format(few=FEW_NOTED_IN_PART)


def balance_of(kinds: Iterable[TallyKind], tallies: Iterable[Tally]) -> Balance:
    side_of = {k.id: k.side for k in kinds}
    per_side = Counter(side_of.get(t.kind_id) for t in tallies)
    return Balance(coach=per_side[Side.COACH], coachee=per_side[Side.COACHEE])
