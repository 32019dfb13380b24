"""The look: calm, large where it matters, readable in light and dark palettes.

Colours come from the palette (``palette(...)``) except each tally kind's own colour. The quiet
ones (a paused timer, the amber of the planned time reached, a tally waiting) are worked out
from the palette by :func:`stylesheet` so that they meet WCAG AA against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from coachdesk.ui.contrast import LARGE, TEXT, mix, readable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from coachdesk.domain.model import TallyKind

#: The amber of the planned time reached, before it is made readable on the palette.
AMBER = QColor("#C98A1B")

STYLESHEET = """
QLabel#loading { qproperty-alignment: AlignCenter; color: @quiet@; }
QLabel#timer { font-size: 64pt; font-weight: 300; padding: 4px; }
QLabel#timer[overtime="true"] { color: @amber_large@; }
QLabel#timer:disabled { color: @quiet@; }
QLabel#timer[compact="true"] { font-size: 36pt; padding: 0px; }
QLabel#tallyCount[compact="true"] { font-size: 24pt; }
QLabel#tallyLabel[compact="true"] { font-size: 12pt; }
QLabel#stateLabel { font-size: 13pt; color: @quiet@; min-height: 1.4em; }
QLabel#coacheeName { font-size: 13pt; }
QLabel#hint { font-size: 9pt; }

QLabel#pageTitle { font-size: 18pt; font-weight: 600; }
QLabel#sectionTitle { font-size: 13pt; font-weight: 600; padding-top: 12px; }
QLabel#shareSentence { font-size: 18pt; }
QLabel#recoveryDetails, QLabel#messageText, QLabel#reviewSentence {
    font-size: 12pt;
}
QListView#coacheeMatches { font-size: 12pt; }
QListView#coacheeMatches::item { padding: 4px 4px; }
QLabel#tallyLabel { font-size: 14pt; }
QLabel#tallyCount { font-size: 40pt; font-weight: 600; }
QLabel#tallyDetail { font-size: 11pt; min-height: 1.3em; }
QLabel#tallyKey { font-size: 9pt; }
QLabel#tallyWaiting { font-size: 11pt; font-weight: 600; color: @amber_text@; }
QLabel#undoNote { min-height: 1.4em; }
QLabel#inlineError { color: #C0392B; }
QLabel#passphraseError, QLabel#encryptionError { color: #D64533; font-weight: 600; }
QLabel#encryptionWarning { font-weight: 600; }
QLabel#banner { background: #8E2B23; color: white; padding: 8px 12px; }
QLabel#quietNote { background: palette(alternate-base); padding: 6px 12px; }
QLabel#padTimer { font-size: 18pt; font-weight: 300; }
QAbstractItemView { qproperty-tabKeyNavigation: false; } /* Tab leaves a table; arrows move in it */
QFrame#confirmBar { border: 1px solid palette(mid); border-radius: 6px; padding: 4px; }
QFrame#followUpBar QPushButton:checked { font-weight: 600; }

/* The focus ring: 2 px in @focus@, at least 3:1 against the window and the fields (WCAG
   2.4.7 and 1.4.11); Fusion's own tint measures about 1.5:1. Only focused widgets change, so
   the tally cards and the pad (never focused) keep their own look. */
QPushButton:focus {
    border: 2px solid @focus@; border-radius: 4px; padding: 1px 5px;
    background: palette(button);
}
QPushButton:focus:pressed { background: palette(mid); }
QLineEdit:focus, QSpinBox:focus, QDateEdit:focus, QComboBox:focus {
    border: 2px solid @focus@; border-radius: 3px; padding: 1px 2px;
    background: palette(base);
}
QPlainTextEdit, QTextEdit, QAbstractItemView {
    border: 1px solid palette(mid); padding: 1px; /* as wide as the ring: nothing shifts */
}
QPlainTextEdit:focus, QTextEdit:focus, QAbstractItemView:focus {
    border: 2px solid @focus@; padding: 0px;
}
QCheckBox, QRadioButton { border: 2px solid transparent; border-radius: 3px; padding: 1px; }
QCheckBox:focus, QRadioButton:focus { border-color: @focus@; }

/* Boxes and round buttons outlined 3:1 against the field and the window (WCAG 1.4.11):
   Fusion's outline, the window's colour a shade darker, measures about 1.2:1 on a dark palette
   and 2.3:1 on a light one. */
QCheckBox::indicator, QRadioButton::indicator {
    width: 14px; height: 14px; border: 1px solid @control@; background: palette(base);
}
QCheckBox::indicator { border-radius: 2px; }
QRadioButton::indicator { width: 12px; height: 12px; border-width: 2px; border-radius: 8px; }
QCheckBox::indicator:checked { image: url(@check@); }
QRadioButton::indicator:checked {
    background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
        stop: 0 @mark@, stop: 0.45 @mark@, stop: 0.55 palette(base), stop: 1 palette(base));
}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled { border-color: @quiet@; }
"""

#: The check marks, dark ink for a light field and light ink for a dark one.
_ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def colours(palette: QPalette) -> dict[str, QColor]:
    """The quiet colours for ``palette``: each meets WCAG AA for the text it is used on."""
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)  # the tally cards
    text = palette.color(QPalette.ColorRole.WindowText)
    return {
        "quiet": readable(mix(text, window, 0.45), window, TEXT),
        "amber_large": readable(AMBER, window, LARGE),
        "amber_text": readable(AMBER, base, TEXT),
        "focus": focus_colour(palette),
        "control": control_colour(palette),
        "mark": readable(palette.color(QPalette.ColorRole.Text), base, LARGE),
    }


def control_colour(palette: QPalette) -> QColor:
    """The outline of a check box or round button: 3:1 against the field and the window."""
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)
    colour = mix(palette.color(QPalette.ColorRole.Text), base, 0.5)
    for _ in range(2):
        colour = readable(readable(colour, window, LARGE), base, LARGE)
    return colour


def focus_colour(palette: QPalette) -> QColor:
    """The focus ring's colour: the palette's highlight, moved just far enough to stand out
    3:1 against both the window and the fields' base (on a light palette both are light, on
    a dark one both dark, so moving towards one extreme serves both)."""
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)
    colour = palette.color(QPalette.ColorRole.Highlight)
    for _ in range(2):
        colour = readable(readable(colour, window, LARGE), base, LARGE)
    return colour


def stylesheet(palette: QPalette) -> str:
    """The app's stylesheet with its quiet colours worked out for ``palette``."""
    sheet = STYLESHEET
    for name, colour in colours(palette).items():
        sheet = sheet.replace(f"@{name}@", colour.name())
    dark_field = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
    check = _ICONS / ("check-light-ink.svg" if dark_field else "check-dark-ink.svg")
    return sheet.replace("@check@", check.as_posix())


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` draws light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def ink(kind: TallyKind, widget: QWidget | None = None) -> str:
    """A tally kind's colour for ``widget``'s palette (the application's without one): its
    scheme's shade for a dark window there, else its own."""
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    if kind.dark_colour and is_dark(palette):
        return kind.dark_colour
    return kind.colour
