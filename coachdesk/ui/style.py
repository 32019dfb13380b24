"""The look: calm, large where it matters, readable in light and dark palettes.

Colours come from the palette (``palette(...)``) except each tally kind's own colour and the
quiet amber the timer turns when the planned duration is reached.
"""

from __future__ import annotations

STYLESHEET = """
QLabel#loading { qproperty-alignment: AlignCenter; color: palette(mid); }
QLabel#timer { font-size: 64pt; font-weight: 300; padding: 4px; }
QLabel#timer[overtime="true"] { color: #C98A1B; }
QLabel#timer:disabled { color: palette(mid); }
QLabel#stateLabel { font-size: 13pt; color: palette(mid); min-height: 1.4em; }
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
QLabel#tallyWaiting { font-size: 11pt; font-weight: 600; color: #C98A1B; }
QLabel#undoNote { min-height: 1.4em; }
QLabel#inlineError { color: #C0392B; }
QLabel#passphraseError, QLabel#encryptionError { color: #D64533; font-weight: 600; }
QLabel#encryptionWarning { font-weight: 600; }
QLabel#banner { background: #8E2B23; color: white; padding: 8px 12px; }
QLabel#quietNote { background: palette(alternate-base); padding: 6px 12px; }
QLabel#padTimer { font-size: 18pt; font-weight: 300; }
QAbstractItemView { qproperty-tabKeyNavigation: false; } /* Tab leaves a table; arrows move in it */
QFrame#confirmBar { border: 1px solid palette(mid); border-radius: 6px; padding: 4px; }
"""
