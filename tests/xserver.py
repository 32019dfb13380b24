"""A real X server (Xvfb) for the tests that need one: held keys, focus, windows on top."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

XVFB = shutil.which("Xvfb")
XDOTOOL = shutil.which("xdotool")
OPENBOX = shutil.which("openbox")
MISSING = (
    None
    if XVFB and XDOTOOL
    else "needs Xvfb and xdotool (apt-get install xvfb xdotool; .ci/run installs them)"
)


@contextmanager
def xvfb() -> Iterator[str]:
    """A fresh Xvfb on a free display; yields its name (":N")."""
    assert XVFB is not None
    read, write = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as chosen:
            number = chosen.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def window_manager(display: str) -> Iterator[None]:
    """Openbox on ``display``: what keeps a window on top and decides which one is active."""
    assert OPENBOX is not None
    manager = subprocess.Popen(
        [OPENBOX, "--sm-disable"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):  # until it has taken the screen
            found = subprocess.run(
                [XDOTOOL or "xdotool", "search", "--class", "openbox"],
                env={**os.environ, "DISPLAY": display},
                capture_output=True,
                check=False,
            )
            if found.stdout.strip() or manager.poll() is not None:
                break
            time.sleep(0.05)
        yield
    finally:
        manager.terminate()
        manager.wait(timeout=30)


def xdotool(display: str, *args: str) -> str:
    assert XDOTOOL is not None
    done = subprocess.run(
        [XDOTOOL, *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return done.stdout
