"""What a screen reader meets in coachdesk, read through AT-SPI (run by the system Python,
where Debian's pyatspi lives; not part of the app, not imported by the test suite).

Started inside a D-Bus session (``dbus-run-session``) on an X display, it starts the app
(``APP_PYTHON -m tests.live_app DATA 0 Anna``: a live session, no clicks of its own) with Qt's
accessibility bridge on, finds it on the accessibility bus, and prints one JSON document:

- ``tree``: each accessible object of the app's windows as ``[depth, role, name]``;
- ``pressed``: the tally button's name before and after its "press" action is done;
- ``announcements``: what the app announced meanwhile (AT-SPI's object:announcement);
- ``focusable_unnamed``: focusable controls with no name;
- ``review``: after End session… and End session are pressed by their actions, the
  headings shown, whether the review's heading has the focus, and the focusable controls
  with no name.

Usage: /usr/bin/python3 tests/system/atspi_reader.py APP_PYTHON DATA_DIR
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pyatspi
from gi.repository import GLib

TIMEOUT_S = 60


def find_app(pid: int) -> pyatspi.Accessible | None:
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:  # an application that went away while listed
            continue
    return None


def walk(node: pyatspi.Accessible, depth: int, out: list[list[object]]) -> None:
    if depth > 40 or node is None:
        return
    try:
        role, name = node.getRoleName(), node.name or ""
        states = node.getState()
    except Exception:
        return
    if not states.contains(pyatspi.STATE_SHOWING) and depth > 1:
        return  # hidden pages: a screen reader does not read them either
    focusable = states.contains(pyatspi.STATE_FOCUSABLE)
    out.append([depth, role, name, focusable])
    for index in range(node.childCount):
        walk(node.getChildAtIndex(index), depth + 1, out)


def find(
    node: pyatspi.Accessible, role: str, starts: str, *, exact: bool = False
) -> pyatspi.Accessible | None:
    def fits(n: pyatspi.Accessible) -> bool:
        name = n.name or ""
        return n.getRoleName() == role and (name == starts if exact else name.startswith(starts))

    return pyatspi.findDescendant(node, fits)


def press(node: pyatspi.Accessible) -> list[str]:
    """Do the object's press action, as a screen reader's user does; its action names."""
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    lowered = [name.lower() for name in names]
    action.doAction(lowered.index("press") if "press" in lowered else 0)
    return names


def wait_for(
    app: pyatspi.Accessible, role: str, starts: str, *, exact: bool = False
) -> pyatspi.Accessible | None:
    end = time.monotonic() + 10
    while time.monotonic() < end:
        found = find(app, role, starts, exact=exact)
        if found is not None and found.getState().contains(pyatspi.STATE_SHOWING):
            return found
        spin(0.1)
    return None


def spin(seconds: float) -> None:
    """Let events arrive for ``seconds``."""
    loop = GLib.MainLoop()
    GLib.timeout_add(int(seconds * 1000), loop.quit)
    loop.run()


def main() -> int:
    app_python, data = sys.argv[1], sys.argv[2]
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_QPA_PLATFORM": "xcb"}
    env.pop("QT_ACCESSIBILITY", None)
    child = subprocess.Popen(
        [app_python, "-m", "tests.live_app", data, "0", "Anna"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, object] = {}
    announcements: list[str] = []

    def heard(event: object) -> None:
        announcements.append(str(getattr(event, "any_data", "")))

    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if line.strip() != "ready":
            result["error"] = f"the app did not get ready: {line!r}"
            return report(result)
        deadline = time.monotonic() + TIMEOUT_S
        app = None
        while app is None and time.monotonic() < deadline:
            app = find_app(child.pid)
            if app is None:
                time.sleep(0.2)
        if app is None:
            result["error"] = "the app never appeared on the accessibility bus"
            return report(result)
        result["app"] = app.name
        pyatspi.Registry.registerEventListener(heard, "object:announcement")
        tree: list[list[object]] = []
        for index in range(app.childCount):
            walk(app.getChildAtIndex(index), 1, tree)
        result["tree"] = tree
        result["focusable_unnamed"] = [
            role for _depth, role, name, focusable in tree if focusable and not name
        ]
        button = find(app, "push button", "advice given")
        if button is None:
            result["error"] = "no tally button named 'advice given'"
            return report(result)
        before = button.name
        names = press(button)
        end = time.monotonic() + 10
        while button.name == before and time.monotonic() < end:
            spin(0.1)
        spin(0.5)  # the announcement follows the click
        result["pressed"] = [before, button.name, names]
        result["announcements"] = announcements
        timer = find(app, "label", "Active session time")
        result["timer"] = timer.name if timer is not None else None

        end_button = find(app, "push button", "End session…")
        if end_button is None:
            result["error"] = "no End session… button"
            return report(result)
        press(end_button)
        confirm = wait_for(app, "push button", "End session", exact=True)
        if confirm is None:
            result["error"] = "no End session confirmation"
            return report(result)
        press(confirm)
        heading = wait_for(app, "heading", "Session review")
        spin(0.5)
        tree = []
        for index in range(app.childCount):
            walk(app.getChildAtIndex(index), 1, tree)
        result["review"] = {
            "headings": [name for _d, role, name, _f in tree if role == "heading"],
            "heading_focused": heading is not None
            and heading.getState().contains(pyatspi.STATE_FOCUSED),
            "focusable_unnamed": [
                role for _depth, role, name, focusable in tree if focusable and not name
            ],
        }
        return report(result)
    finally:
        child.terminate()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()


def report(result: dict[str, object]) -> int:
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
