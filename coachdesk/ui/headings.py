"""Page and section titles are headings to a screen reader, and every window is a window.

A QLabel is exposed as static text whatever it looks like, so a screen reader's "next
heading" key skips it. An accessibility factory gives the labels named ``pageTitle`` (a
page's title: the picker's, the review's, the recovery and damage pages') and
``sectionTitle`` (a section of the review, History's trajectory and falling-share titles)
the role Heading, with their text as their name. The object names are those the stylesheet
already draws as titles, so what looks like a heading is one.

A window that is a plain QWidget (History, the coachee's view, the compact pad) would be a
"client" area, which AT-SPI calls a filler: it gets the role Window, named by its title, as
the main window and the dialogs already are.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface, Qt, QTextDocumentFragment
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget

#: Object names of the labels that are headings.
HEADING_NAMES = frozenset({"pageTitle", "sectionTitle"})

_INSTALLED = "headingFactoryInstalled"
_REFRESHING = "headingInterfacesRefreshed"


class HeadingInterface(QAccessibleWidget):
    """A title label as a screen reader should meet it: role Heading, named by its text."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading)
        self._label = label

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            own = self._label.accessibleName()
            if own:
                return own
            text = self._label.text()
            rich = self._label.textFormat() == Qt.TextFormat.RichText
            if rich or (
                self._label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
            ):
                return QTextDocumentFragment.fromHtml(text).toPlainText()
            return text
        return str(super().text(kind))


def heading_factory(class_name: str, obj: QObject) -> QAccessibleInterface | None:
    """Qt asks for each class of ``obj``, the most derived first; this factory is asked
    before Qt's own. It is asked only when something reads the accessibility tree."""
    app = QCoreApplication.instance()
    if app is not None and app.property(_REFRESHING) is not True:
        # Something reads the tree (a screen reader, or a test): from now on, titles built
        # before they were named get a fresh interface as they are first shown. Without a
        # reader no interface is made early, and no event passes through this filter.
        app.setProperty(_REFRESHING, True)
        app.installEventFilter(_FreshInterfaces(app))
    if isinstance(obj, QLabel) and obj.objectName() in HEADING_NAMES:
        return HeadingInterface(obj)
    if class_name == "QWidget" and isinstance(obj, QWidget) and obj.isWindow():
        return QAccessibleWidget(obj, QAccessible.Role.Window)  # named by its title
    return None


class _FreshInterfaces(QObject):
    """With a screen reader listening, Qt makes (and keeps) a widget's interface while the
    widget is still being built, before its object name says it is a title: that one is
    dropped as the title is first shown, before the screen reader hears of it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QLabel)
            and watched.objectName() in HEADING_NAMES
            and QAccessible.isActive()
        ):
            interface = QAccessible.queryAccessibleInterface(watched)
            if interface is not None and interface.role() != QAccessible.Role.Heading:
                QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(interface))
        return False


def install(app: QCoreApplication) -> None:
    """Install the factory once per application."""
    if app.property(_INSTALLED) is True:
        return
    QAccessible.installFactory(heading_factory)
    app.setProperty(_INSTALLED, True)
