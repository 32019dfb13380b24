"""The app's icon, which every window shows: set before the first paint, so this module
imports no more of Qt than QIcon (Help > About, with its dialog, is imported when opened)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

#: Drawn for coachdesk; desktops get PNG sizes rendered from it by scripts/bundle.
ICON_FILE = Path(__file__).resolve().parent.parent / "resources" / "icons" / "coachdesk.svg"


def app_icon() -> QIcon:
    return QIcon(str(ICON_FILE))
