"""Smoke test of the built bundle, as a coach's machine would run it.

    xvfb-run -a python3 -m scripts.bundle_smoke dist/coachdesk_0.1.0_amd64.deb

(``scripts/bundle-smoke`` does exactly that.) Given a ``.deb``, it unpacks it (``dpkg-deb -x``,
nothing is installed) and tests what a coach would install: the program in ``opt/coachdesk``,
beside the menu entry, metainfo and icons, which it checks first. Given a program, it tests
that program's folder. The bundle runs with no Python on ``PATH`` (an
empty folder is all of it), an empty ``HOME`` and no variable of a virtual environment; this
script itself needs only the standard library and ``xdotool``. It checks, in order:

0. (a .deb) ``coachdesk`` on ``PATH``, the menu entry and the AppStream metainfo valid
   (``desktop-file-validate``, ``appstreamcli``), the icon in every size;
1. ``coachdesk --version`` answers;
2. the real window, on the X server (the xcb platform plugin a Linux desktop uses), creates
   a fresh database in the default data folder (the migrations run), then a session is
   recorded by typing into it as a coach would: keys 1, 2, 3 and a hat, then
   Ctrl+E (End session) and its confirmation, then Ctrl+Q. What the database holds is read
   after each step;
3. ``coachdesk report`` writes that session's PDF and ``coachdesk export`` its CSV (offscreen,
   as with no display);
4. the Dutch catalogue loads (the command line answers in Dutch), and the window in Dutch
   reads Qt's own Dutch translation from the bundle (seen with ``strace``), the only
   translations of Qt that it carries;
5. where the bundle carries the encryption wheel, ``coachdesk encrypt`` protects a demo
   database and ``coachdesk export`` opens it with the passphrase;
6. where PostgreSQL is installed, the practice commands (``init``, ``add-coach``,
   ``connect`` over TLS with ``verify-full``, ``sync``) bring the window's session to a
   throwaway cluster made as the tests make theirs (``tests/pgserver.py``);
7. ``ldd`` finds every library that each bundled shared object needs.

Exits 0 and prints ``N passed, 0 failed`` when every check passed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TIMEOUT_S = 60
COACHEE = "Smoke Coachee"


class Failed(Exception):
    pass


class Smoke:
    def __init__(self, program: Path, scratch: Path) -> None:
        self.program = program
        self.scratch = scratch
        self.home = scratch / "home"
        self.home.mkdir()
        empty_bin = scratch / "bin"
        empty_bin.mkdir()
        self.env = {
            "PATH": str(empty_bin),
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "DISPLAY": os.environ.get("DISPLAY", ""),
        }
        if "XAUTHORITY" in os.environ:
            self.env["XAUTHORITY"] = os.environ["XAUTHORITY"]
        self.database = self.home / ".local" / "share" / "coachdesk" / "coachdesk.sqlite3"

    def run(self, *args: str, stdin: str = "", display: bool = False) -> str:
        env = dict(self.env)
        if not display:
            del env["DISPLAY"]
        done = subprocess.run(
            [str(self.program), *args],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        if done.returncode != 0:
            raise Failed(f"coachdesk {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return done.stdout + done.stderr

    def query(self, sql: str) -> list[tuple[object, ...]]:
        if not self.database.exists():
            return []
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=5) as db:
            try:
                return db.execute(sql).fetchall()
            except sqlite3.OperationalError:
                return []  # the schema is still being created

    def wait_for(self, what: str, check: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not check():
            if time.monotonic() > deadline:
                raise Failed(f"timed out waiting for {what}")
            time.sleep(0.1)

    def _count_is(self, sql: str, n: int) -> Callable[[], bool]:
        return lambda: self.query(sql) == [(n,)]

    # -- the checks --------------------------------------------------------------------

    def desktop_files(self) -> bool:
        usr = self.scratch / "deb" / "usr"
        if not usr.is_dir():
            return False
        if os.readlink(usr / "bin" / "coachdesk") != "/opt/coachdesk/coachdesk":
            raise Failed("usr/bin/coachdesk does not point at /opt/coachdesk/coachdesk")
        desktop = usr / "share" / "applications" / "coachdesk.desktop"
        metainfo = usr / "share" / "metainfo" / "org.coachdesk.coachdesk.metainfo.xml"
        for tool, path in (
            (["desktop-file-validate"], desktop),
            (["appstreamcli", "validate", "--no-net"], metainfo),
        ):
            done = subprocess.run([*tool, str(path)], capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise Failed(f"{tool[0]} {path.name}: {done.stdout}{done.stderr}")
        text = desktop.read_text(encoding="utf-8")
        for line in ("Exec=coachdesk", "Icon=coachdesk", "Comment[nl]="):
            if line not in text:
                raise Failed(f"the menu entry lacks {line}")
        icons = usr / "share" / "icons" / "hicolor"
        sizes = sorted(int(p.parent.parent.name.split("x")[0]) for p in icons.glob("*x*/apps/*"))
        if sizes != [16, 24, 32, 48, 64, 128, 256, 512] or not (icons / "scalable").is_dir():
            raise Failed(f"icon sizes in the package: {sizes}")
        return True

    def version(self) -> None:
        out = self.run("--version")
        if not out.startswith("coachdesk "):
            raise Failed(f"--version said {out!r}")

    def session_in_the_window(self) -> None:
        if not self.env["DISPLAY"]:
            raise Failed("no DISPLAY: run this under xvfb-run (scripts/bundle-smoke)")
        app = subprocess.Popen(
            [str(self.program), "--lang", "en", "start", "--coachee", COACHEE],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            self._drive(app)
            status = app.wait(TIMEOUT_S)
        finally:
            if app.poll() is None:
                app.kill()
        output = app.stdout.read() if app.stdout else ""
        if status != 0:
            raise Failed(f"the window exited {status}: {output}")

    def _drive(self, app: subprocess.Popen[str]) -> None:
        self.wait_for(
            "the session to start (migrations ran, coachee created)",
            lambda: (
                app.poll() is None
                and bool(self.query("SELECT id FROM coaching_session WHERE ended_at_ms IS NULL"))
            ),
        )
        window = xdotool("search", "--sync", "--onlyvisible", "--pid", str(app.pid)).split()[0]
        xdotool("windowfocus", "--sync", window)
        tallies = "SELECT count(*) FROM tally"
        for n, keys in enumerate((["1"], ["2"], ["3", "2"]), start=1):  # "3", then hat 2
            for key in keys:
                xdotool("key", "--delay", "150", key)
            self.wait_for(f"tally {n} in the database", self._count_is(tallies, n))
        # End session (Ctrl+E, as Session > End session…), then the confirmation bar: Tab to
        # "End session". (Not by counting menu items: the menu grows.)
        xdotool("key", "--delay", "300", "ctrl+e")
        time.sleep(0.5)
        xdotool("key", "--delay", "300", "Tab", "space")
        self.wait_for(
            "the session to end",
            self._count_is("SELECT count(*) FROM coaching_session WHERE ended_at_ms > 0", 1),
        )
        xdotool("key", "ctrl+q")

    def report_and_export(self) -> None:
        pdf = self.scratch / "report.pdf"
        self.run("report", "1", "--out", str(pdf))
        if not pdf.read_bytes().startswith(b"%PDF-") or pdf.stat().st_size < 5_000:
            raise Failed("the report is not a PDF of a session")
        csv = self.scratch / "events.csv"
        self.run("export", "--out", str(csv))
        rows = csv.read_text(encoding="utf-8").splitlines()
        if len(rows) != 4 or COACHEE not in rows[1]:  # a header and three tallies
            raise Failed(f"the export holds {rows!r}")

    def dutch(self) -> None:
        out = self.run("--lang", "nl", "--help")
        if "deze hulp tonen" not in out:
            raise Failed(f"the Dutch catalogue did not load: {out[:200]!r}")
        translations = self.program.parent / "_internal" / "PySide6" / "Qt" / "translations"
        names = sorted(p.name for p in translations.iterdir())
        if names != ["qtbase_en.qm", "qtbase_nl.qm"]:
            raise Failed(f"Qt's translations in the bundle: {names}")
        strace = shutil.which("strace")
        if strace is None:
            raise Failed("strace is needed to see the window read Qt's Dutch translation")
        # The window in Dutch, until its first paint (the start-up probe benchmarks/startup.py
        # uses), must read Qt's own Dutch from the bundle, not from where it was built.
        trace = self.scratch / "strace.log"
        env = dict(self.env, COACHDESK_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
        data = str(self.scratch / "dutch")
        traced = [strace, "-f", "-e", "trace=openat", "-o", str(trace)]
        done = subprocess.run(
            [*traced, str(self.program), "--data-dir", data, "--lang", "nl"],
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        opened = [
            line
            for line in trace.read_text().splitlines()
            if "qtbase_nl.qm" in line and " = -1 " not in line
        ]
        if done.returncode != 0 or not any(str(translations) in line for line in opened):
            raise Failed(f"the Dutch window did not read {translations}/qtbase_nl.qm")

    def encrypted(self) -> bool:
        if not list((self.program.parent / "_internal").glob("sqlcipher3*")):
            return False
        data = str(self.scratch / "encrypted")
        self.run("--data-dir", data, "demo", "--coachees", "2", "--sessions", "3")
        passphrase = "a smoke test passphrase\n"
        self.run("--data-dir", data, "encrypt", stdin=passphrase + passphrase)
        out = self.run("--data-dir", data, "export", stdin=passphrase)
        if len(out.splitlines()) < 3:
            raise Failed(f"the encrypted export holds {out!r}")
        return True

    def practice_server(self) -> bool:
        """The practice commands from the bundle (its psycopg and libpq, TLS included)
        against a throwaway PostgreSQL cluster, made as the tests make theirs: init, a
        coach, connect over TLS with verify-full, and the window's session synced up."""
        from tests import pgserver

        if pgserver.BIN_DIR is None:  # no PostgreSQL here: nothing to try it on
            return False
        with pgserver.cluster() as pg:
            admin = pg.socket_url()
            out = self.run("practice", "init", admin)
            if "The practice is ready on the server" not in out:
                raise Failed(f"practice init said {out!r}")
            self.run("practice", "add-coach", "smoke", "--server", admin, stdin="smoke-pw\n")
            tls = pg.tcp_url("smoke", "smoke-pw", host="localhost").replace(":smoke-pw@", "@")
            out = self.run("practice", "connect", tls, stdin="smoke-pw\n")
            if "Connected to the practice as smoke" not in out:
                raise Failed(f"practice connect said {out!r}")
            self.run("practice", "sync", stdin="smoke-pw\n")
            assert pgserver.BIN_DIR is not None
            counted = subprocess.run(
                [
                    str(pgserver.BIN_DIR / "psql"),
                    pg.socket_url("smoke", "smoke-pw"),
                    "-Atc",
                    "SELECT count(*) FROM coachdesk.coaching_session",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if counted.stdout.strip() != "1":
                raise Failed(f"the server holds {counted.stdout!r} sessions: {counted.stderr}")
        return True

    def libraries(self) -> None:
        missing = []
        # The bundle's own libraries first, as its launcher sets LD_LIBRARY_PATH at start.
        env = dict(os.environ, LD_LIBRARY_PATH=str(self.program.parent / "_internal"))
        for path in sorted(self.program.parent.rglob("*")):
            if path.is_file() and (path.suffix == ".so" or ".so." in path.name):
                found = subprocess.run(
                    ["ldd", str(path)], capture_output=True, text=True, check=False, env=env
                )
                missing += [
                    f"{path.name}: {line.strip()}"
                    for line in found.stdout.splitlines()
                    if "not found" in line
                ]
        if missing:
            raise Failed("ldd finds libraries missing:\n  " + "\n  ".join(missing))


def xdotool(*args: str) -> str:
    return subprocess.run(
        ["xdotool", *args], capture_output=True, text=True, check=True, timeout=TIMEOUT_S
    ).stdout


def main() -> int:
    given = Path(sys.argv[1]).absolute()
    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory(prefix="coachdesk-smoke-") as scratch:
        program = given
        if given.suffix == ".deb":
            unpacked = Path(scratch) / "deb"
            subprocess.run(["dpkg-deb", "-x", str(given), str(unpacked)], check=True)
            program = unpacked / "opt" / "coachdesk" / "coachdesk"
        smoke = Smoke(program, Path(scratch))
        checks: list[tuple[str, Callable[[], object]]] = [
            ("the package's menu entry, metainfo and icons", smoke.desktop_files),
            ("--version", smoke.version),
            ("a session recorded in the real window", smoke.session_in_the_window),
            ("PDF report and CSV export", smoke.report_and_export),
            ("the Dutch translation", smoke.dutch),
            ("an encrypted database", smoke.encrypted),
            ("the practice server: init, connect over TLS, sync", smoke.practice_server),
            ("ldd over every shared object", smoke.libraries),
        ]
        for name, check in checks:
            started = time.monotonic()
            try:
                outcome = check()
            except (Failed, subprocess.SubprocessError, OSError) as e:
                failed += 1
                print(f"FAILED {name}: {e}")
                continue
            if outcome is False:
                skipped += 1
                print(f"skipped {name}: not in what was given")
            else:
                passed += 1
                print(f"ok {name} ({time.monotonic() - started:.1f} s)")
    line = f"{passed} passed, {failed} failed"
    print(line + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
