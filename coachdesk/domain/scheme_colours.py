"""The colours a tally kind may wear: a small palette, readable in light and dark.

A kind stores the *name* of its colour (``"orange"``), never a hex code: each name has one
shade for a light window and one for a dark one, each standing out at least 3:1 (WCAG's
ratio for graphics) from the window and the fields of the palettes the app is used with,
and every two names lie far apart in both (``tests/ui/test_scheme_palette.py`` measures
both with the formula the interface uses). The three colours of the first schema
(``#D9822B``, ``#2A9D8F``, ``#7B6CC9``) are the dark or light shade of orange, teal and
violet, so a stored colour maps onto its name unchanged (:func:`nearest`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PaletteColour:
    name: str
    light: str  # "#RRGGBB" on a light window
    dark: str  # "#RRGGBB" on a dark window


PALETTE: tuple[PaletteColour, ...] = (
    PaletteColour("orange", "#B0601A", "#D9822B"),
    PaletteColour("teal", "#1D7A6F", "#2A9D8F"),
    PaletteColour("violet", "#7B6CC9", "#9C8FE0"),
    PaletteColour("red", "#C0392B", "#E8705F"),
    PaletteColour("blue", "#2F6DB5", "#5E9FE6"),
    PaletteColour("green", "#4A7F23", "#6DB33F"),
    PaletteColour("pink", "#B23F78", "#E27BB0"),
    PaletteColour("brown", "#8A6A45", "#BC9670"),
    PaletteColour("gold", "#8C7000", "#D1AA2E"),
    PaletteColour("slate", "#5F6B7A", "#9AA5B4"),
)
COLOUR_NAMES: tuple[str, ...] = tuple(c.name for c in PALETTE)
_BY_NAME = {c.name: c for c in PALETTE}
_HEX = re.compile(r"#[0-9a-fA-F]{6}\Z")


def colour(name: str) -> PaletteColour:
    """The palette colour called ``name``; ``KeyError`` if there is none."""
    return _BY_NAME[name]


def shade(name: str, *, dark: bool) -> str:
    """The hex code to draw ``name`` with on a dark or a light window."""
    entry = _BY_NAME[name]
    return entry.dark if dark else entry.light


def is_hex(text: str) -> bool:
    return bool(_HEX.match(text))


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def lab(hex_code: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB ``#RRGGBB``."""
    r, g, b = (_linear(int(hex_code[i : i + 2], 16)) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def difference(one: str, other: str) -> float:
    """How far apart two ``#RRGGBB`` colours look: CIE76 delta E (about 2.3 is just
    noticeable; 20 and more tells two marks apart at a glance)."""
    return math.dist(lab(one), lab(other))


def nearest(hex_code: str) -> str:
    """The name of the palette colour closest to ``hex_code`` in either of its shades."""
    return min(
        PALETTE,
        key=lambda c: min(difference(hex_code, c.light), difference(hex_code, c.dark)),
    ).name
