"""Qt's own strings (standard buttons, context menus) in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from coachdesk.ui.style import stylesheet

_translator: QTranslator | None = None


def apply(app: QApplication, language: str) -> None:
    """Load Qt's translations for ``language`` and the stylesheet.

    Numbers and dates keep following the system locale when it speaks the same language
    (so Flemish users keep nl_BE); otherwise they follow the chosen language.
    """
    global _translator
    if _translator is not None:
        app.removeTranslator(_translator)
        _translator = None
    system = QLocale.system()
    if QLocale(language).language() != system.language():
        QLocale.setDefault(QLocale(language))
    else:
        QLocale.setDefault(system)
    if language != "en":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder):
            app.installTranslator(translator)
            _translator = translator
    app.setStyleSheet(stylesheet(app.palette()))
