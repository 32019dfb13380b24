"""The tally schemes' palette stands out from the windows the app is used with, light and
dark, by the formula the interface uses (coachdesk.ui.contrast), and its colours are told
apart from each other in both."""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from coachdesk.domain.scheme_colours import PALETTE, difference, lab, nearest, shade
from coachdesk.ui.contrast import LARGE, ratio
from tests.ui.driving import dark, light

#: delta E (CIE76) between any two colours of the palette, in each of its shades.
APART = 20.0


def surfaces(palette: QPalette) -> dict[str, QColor]:
    """Where a kind's colour is drawn: the window, the fields and cards, a button."""
    role = QPalette.ColorRole
    return {
        "window": palette.color(role.Window),
        "base": palette.color(role.Base),
        "button": palette.color(role.Button),
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_colour_stands_out_three_to_one(qapp: QApplication, scheme: str) -> None:
    palette = light() if scheme == "light" else dark()
    faint = [
        f"{c.name} on {where}: {ratio(QColor(shade(c.name, dark=scheme == 'dark')), bg):.2f}"
        for c in PALETTE
        for where, bg in surfaces(palette).items()
        if ratio(QColor(shade(c.name, dark=scheme == "dark")), bg) < LARGE
    ]
    assert faint == []


@pytest.mark.parametrize("dark_shade", [False, True])
def test_every_two_colours_are_told_apart(dark_shade: bool) -> None:
    close = [
        (
            one.name,
            other.name,
            round(
                difference(shade(one.name, dark=dark_shade), shade(other.name, dark=dark_shade)), 1
            ),
        )
        for one, other in combinations(PALETTE, 2)
        if difference(shade(one.name, dark=dark_shade), shade(other.name, dark=dark_shade)) < APART
    ]
    assert close == []


def test_the_colour_difference_is_cielabs() -> None:
    white, black, red = lab("#FFFFFF"), lab("#000000"), lab("#FF0000")
    assert [round(v, 1) for v in white] == [100.0, 0.0, 0.0]
    assert [round(v, 1) for v in black] == [0.0, 0.0, 0.0]
    assert [round(v) for v in red] == [53, 80, 67]  # sRGB red in CIELAB (D65)


def test_the_first_schemas_colours_keep_their_names() -> None:
    assert [nearest(c) for c in ("#D9822B", "#2A9D8F", "#7B6CC9")] == ["orange", "teal", "violet"]
    assert nearest("#E53935") == "red" and nearest("#1E88E5") == "blue"
