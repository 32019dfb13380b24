"""Build coachdesk as an app with its own Python (PyInstaller, one folder), prune it, and on
Linux pack it as a .tar.gz and a .deb. Run through ``scripts/bundle``.

    .venv/bin/python -m scripts.build_bundle [--no-packages]

Writes ``dist/coachdesk/`` (the folder; ``coachdesk`` inside it is the program) and, on Linux,
``dist/coachdesk-VERSION-linux-x86_64.tar.gz`` and ``dist/coachdesk_VERSION_amd64.deb``.
Prints the build time and the sizes, unpacked and packed.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
PRUNE_LIST = PACKAGING / "prune.txt"
DIST = ROOT / "dist"
BUILD = ROOT / "build" / "bundle"
SVG = ROOT / "coachdesk" / "resources" / "icons" / "coachdesk.svg"
#: The sizes freedesktop icon themes ask for (hicolor), in pixels.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
APP_ID = "org.coachdesk.coachdesk"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-packages", action="store_true", help="build the folder only")
    args = parser.parse_args()
    started = time.monotonic()
    phases: list[str] = []

    def phase(name: str, since: float) -> float:
        now = time.monotonic()
        phases.append(f"{name} {now - since:.0f} s")
        return now

    icons = render_icons(BUILD / "icons")
    folder = run_pyinstaller(icons)
    mark = phase("icons and PyInstaller", started)
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    removed = prune(internal)
    if sys.platform == "linux":
        removed += drop_orphans(internal)
    print(f"pruned {removed / 2**20:.1f} MiB", file=sys.stderr)
    mark = phase("pruning", mark)
    packages: list[Path] = []
    if sys.platform == "linux" and not args.no_packages:
        packages = [make_tarball(folder, icons)]
        mark = phase(".tar.gz", mark)
        packages.append(make_deb(folder, icons))
        mark = phase(".deb", mark)
    elapsed = time.monotonic() - started
    print(f"build time: {elapsed:.0f} s ({', '.join(phases)})")
    print(f"unpacked: {tree_size(folder) / 1e6:.1f} MB ({folder.relative_to(ROOT)})")
    for package in packages:
        print(f"packed: {package.stat().st_size / 1e6:.1f} MB ({package.relative_to(ROOT)})")
    return 0


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from coachdesk import __version__

    return __version__


def render_icons(out: Path) -> Path:
    """The PNG sizes desktops ask for, drawn from the SVG; .ico and .icns where they are built."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(out / f"coachdesk-{size}.png"))
        if size == 256 and sys.platform == "win32":
            image.save(str(out / "coachdesk.ico"))
        if size == 512 and sys.platform == "darwin":
            image.save(str(out / "coachdesk.icns"))
    del app
    return out


def run_pyinstaller(icons: Path) -> Path:
    env = dict(os.environ, COACHDESK_ICONS=str(icons))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD / "pyinstaller"),
            str(PACKAGING / "coachdesk.spec"),
        ],
        check=True,
        cwd=ROOT,
        env=env,
    )
    return DIST / "coachdesk"


def prune_patterns(text: str | None = None) -> tuple[list[str], list[str]]:
    """The prune list: (patterns to remove, patterns kept although a removal matches)."""
    lines = (PRUNE_LIST.read_text() if text is None else text).splitlines()
    lines = [line.strip() for line in lines]
    lines = [line for line in lines if line and not line.startswith("#")]
    return [x for x in lines if not x.startswith("!")], [x[1:] for x in lines if x[0] == "!"]


def pruned(path: str, patterns: tuple[list[str], list[str]] | None = None) -> bool:
    """Whether the prune list removes ``path`` (relative to ``_internal``, ``/`` separated):
    a pattern matches the path itself or a folder it lies in."""
    remove, keep = patterns or prune_patterns()
    if any(fnmatch.fnmatchcase(path, pattern) for pattern in keep):
        return False
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    return any(fnmatch.fnmatchcase(p, pattern) for pattern in remove for p in prefixes)


def prune(internal: Path) -> int:
    """Delete what the prune list names; return the bytes freed."""
    patterns = prune_patterns()
    freed = 0
    for path in sorted(internal.rglob("*"), reverse=True):
        if not path.is_file() and not path.is_symlink():
            continue
        if pruned(path.relative_to(internal).as_posix(), patterns):
            freed += path.lstat().st_size
            path.unlink()
    for link in internal.rglob("*"):
        if link.is_symlink() and not link.exists():  # it pointed at a pruned library
            link.unlink()
    for folder in sorted((p for p in internal.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return freed


#: Loaded with dlopen, not named as a dependency: never an orphan.
DLOPENED = ("libpython",)


def drop_orphans(internal: Path) -> int:
    """Delete the system libraries PyInstaller collected for a pruned plugin only (GTK's
    cairo, pango, ...): those at the top of ``_internal`` that no shared object left needs.
    Repeats until none is left over; returns the bytes freed."""
    freed = 0
    while True:
        objects = [p for p in internal.rglob("*") if p.is_file() and ".so" in p.name]
        needed: set[str] = set()
        for path in objects:
            dynamic = subprocess.run(
                ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
            ).stdout
            needed.update(
                line.rsplit("[", 1)[1].rstrip("]")
                for line in dynamic.splitlines()
                if "(NEEDED)" in line
            )
        orphans = [
            p
            for p in internal.glob("*.so*")
            if p.is_file() and p.name not in needed and not p.name.startswith(DLOPENED)
        ]
        if not orphans:
            return freed
        for path in orphans:
            print(f"dropped {path.name}: nothing left needs it", file=sys.stderr)
            freed += path.lstat().st_size
            path.unlink()


def tree_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir())


def linux_files(icons: Path) -> dict[str, Path]:
    """What a desktop needs beside the program: the menu entry, AppStream metainfo, icons
    (destination under /usr -> source)."""
    files = {
        "share/applications/coachdesk.desktop": PACKAGING / "coachdesk.desktop",
        f"share/metainfo/{APP_ID}.metainfo.xml": PACKAGING / f"{APP_ID}.metainfo.xml",
        "share/icons/hicolor/scalable/apps/coachdesk.svg": SVG,
    }
    for size in ICON_SIZES:
        files[f"share/icons/hicolor/{size}x{size}/apps/coachdesk.png"] = (
            icons / f"coachdesk-{size}.png"
        )
    return files


def make_tarball(folder: Path, icons: Path) -> Path:
    """The folder as one download: unpack anywhere and run ``coachdesk/coachdesk``; the menu
    entry and icons lie beside it in ``coachdesk/share`` (see the README)."""
    out = DIST / f"coachdesk-{version()}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(folder, arcname="coachdesk")
        for target, source in linux_files(icons).items():
            tar.add(source, arcname=f"coachdesk/{target}")
    return out


def make_deb(folder: Path, icons: Path) -> Path:
    """A .deb for Debian and Ubuntu: the folder in /opt/coachdesk, ``coachdesk`` on PATH, the
    menu entry, metainfo and icons under /usr/share. Built with dpkg-deb, as root-owned files."""
    root = BUILD / "deb"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(folder, root / "opt" / "coachdesk", symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "coachdesk").symlink_to("/opt/coachdesk/coachdesk")
    for target, source in linux_files(icons).items():
        (root / "usr" / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, root / "usr" / target)
    installed_kib = tree_size(root) // 1024
    control = (PACKAGING / "deb-control").read_text()
    control = control.replace("@VERSION@", version()).replace("@SIZE@", str(installed_kib))
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(control)
    for path in root.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    out = DIST / f"coachdesk_{version()}_amd64.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out


if __name__ == "__main__":
    sys.exit(main())
