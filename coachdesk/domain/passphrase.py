"""What a new passphrase must be, and a plain hint of how hard it is to guess.

The hint is a rough estimate (length times the size of the character sets used, with a
penalty for repeats), meant to steer a coach towards a long phrase, not to grade it exactly.
"""

from __future__ import annotations

import math
from enum import Enum

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import N_, _

#: Shorter passphrases are refused: the database is as safe as its passphrase.
MIN_LENGTH = 8
#: A character a person chose carries less than one drawn at random: count it so.
_HUMAN_FACTOR = 0.6


class Strength(Enum):
    TOO_SHORT = N_("too short (at least 8 characters)")
    WEAK = N_("weak: easy to guess; use a longer phrase")
    FAIR = N_("fair: a few more words make it strong")
    STRONG = N_("strong")

    def text(self) -> str:
        return _(self.value)


def estimated_bits(passphrase: str) -> float:
    """A rough guessing cost in bits: distinct characters times the alphabet they come from."""
    if not passphrase:
        return 0.0
    pool = 0
    if any(c.islower() for c in passphrase):
        pool += 26
    if any(c.isupper() for c in passphrase):
        pool += 26
    if any(c.isdigit() for c in passphrase):
        pool += 10
    if any(not c.isalnum() for c in passphrase):
        pool += 33
    effective = len(passphrase) * min(1.0, len(set(passphrase)) / max(4, len(passphrase) / 2))
    return effective * math.log2(max(pool, 2)) * _HUMAN_FACTOR


def strength(passphrase: str) -> Strength:
    if len(passphrase) < MIN_LENGTH:
        return Strength.TOO_SHORT
    bits = estimated_bits(passphrase)
    if bits < 40:
        return Strength.WEAK
    if bits < 70:
        return Strength.FAIR
    return Strength.STRONG


def check_new(passphrase: str, repeated: str) -> None:
    """Refuse a new passphrase that is too short or was not typed the same twice.

    Raises:
        InvalidInput: with the reason, for the coach.
    """
    if len(passphrase) < MIN_LENGTH:
        raise InvalidInput(
            _("The passphrase is too short: use at least {n} characters.").format(n=MIN_LENGTH)
        )
    if passphrase != repeated:
        raise InvalidInput(_("The two passphrases differ."))
