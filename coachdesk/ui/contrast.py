"""Text that can be read: WCAG 2 contrast ratios, and colours moved until they meet them.

The palette comes from the coach's desktop (light or dark), so the quiet colours of the app
(a paused timer, the planned time reached, a tally waiting) are worked out from it at start:
each keeps its hue and is darkened or lightened just enough for its size of text.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

#: WCAG AA: ordinary text, and large text (18 pt, or 14 pt bold) and chart marks.
TEXT, LARGE = 4.5, 3.0


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    r, g, b = (_channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(one: QColor, other: QColor) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(one: QColor, other: QColor, share: float) -> QColor:
    """``share`` of ``one``, the rest of ``other``."""
    return QColor.fromRgbF(
        one.redF() * share + other.redF() * (1 - share),
        one.greenF() * share + other.greenF() * (1 - share),
        one.blueF() * share + other.blueF() * (1 - share),
    )


def readable(colour: QColor, background: QColor, minimum: float) -> QColor:
    """``colour``, moved towards black on a light background (white on a dark one) just
    far enough to reach ``minimum`` against ``background``."""
    if ratio(colour, background) >= minimum:
        return colour
    target = QColor("black") if luminance(background) > 0.18 else QColor("white")
    for step in range(1, 21):
        moved = mix(target, colour, step / 20)
        if ratio(moved, background) >= minimum:
            return moved
    return target
