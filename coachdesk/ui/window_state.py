"""Window geometry, kept apart from preferences in an INI file of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = (960, 640)


def restore_geometry(
    window: QWidget, path: Path, key: str = "main", default: tuple[int, int] | None = DEFAULT_SIZE
) -> None:
    """Put ``window`` where it was when its geometry was saved under ``key``; else give it
    the ``default`` size (None: leave it as it is)."""
    state = QSettings(str(path), QSettings.Format.IniFormat)
    geometry = state.value(f"{key}/geometry")
    if (geometry is None or not window.restoreGeometry(geometry)) and default is not None:
        window.resize(*default)


def save_geometry(window: QWidget, path: Path, key: str = "main") -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return  # an unwritable config dir costs only the window's size next time
    state = QSettings(str(path), QSettings.Format.IniFormat)
    state.setValue(f"{key}/geometry", window.saveGeometry())
    state.sync()


def bring_forward(window: QWidget) -> None:
    """Raise the window where the platform allows (a second start asked for it)."""
    window.showNormal()
    window.raise_()
    window.activateWindow()
