"""The bundle's prune list (packaging/prune.txt) never removes what coachdesk needs: a Qt
module it imports, a Qt library one of those links, the plugins it runs on, or Qt's English
and Dutch translations. Checked against the PySide6 installed here, without building."""

from __future__ import annotations

import ast
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.build_bundle import prune_patterns, pruned

PACKAGE = Path(__file__).resolve().parents[2] / "coachdesk"
#: Plugins Qt loads for coachdesk at run time (X11 window, offscreen commands, the SVG
#: icon, input methods), as they lie in the bundle.
PLUGINS_USED = [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
]


def qt_modules_imported() -> set[str]:
    """Every ``PySide6.QtX`` that a module of coachdesk imports, anywhere in it."""
    found: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
                if node.module == "PySide6":
                    names += [f"PySide6.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found.update(n.split(".")[1] for n in names if n.startswith("PySide6.Qt"))
    return found


def pyside() -> Path:
    spec = importlib.util.find_spec("PySide6")  # found, not imported: no Qt in a unit test
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent


def qt_libraries_needed(extension: Path) -> set[str]:
    """The Qt libraries (and ICU) that ``extension`` loads, by file name, as ldd finds them."""
    out = subprocess.run(["ldd", str(extension)], capture_output=True, text=True, check=True)
    names = set()
    for line in out.stdout.splitlines():
        name, _, where = line.strip().partition(" => ")
        if str(pyside()) in where:
            names.add(name)
    return names


def test_the_app_imports_the_modules_this_test_expects() -> None:
    assert {"QtCore", "QtGui", "QtWidgets", "QtCharts"} <= qt_modules_imported()


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd reads what each module links")
def test_no_module_the_app_imports_nor_a_library_it_needs_is_pruned() -> None:
    patterns = prune_patterns()
    needed: set[str] = set()
    for module in sorted(qt_modules_imported()):
        extension = next(pyside().glob(f"{module}.*so"))
        assert not pruned(f"PySide6/{extension.name}", patterns), module
        needed |= {f"PySide6/Qt/lib/{name}" for name in qt_libraries_needed(extension)}
    for plugin in PLUGINS_USED:
        assert not pruned(plugin, patterns), plugin
        needed |= {f"PySide6/Qt/lib/{n}" for n in qt_libraries_needed(pyside() / plugin[8:])}
    assert "PySide6/Qt/lib/libQt6OpenGL.so.6" in needed  # QtCharts draws through it
    assert [path for path in sorted(needed) if pruned(path, patterns)] == []


def test_only_english_and_dutch_qt_translations_are_kept() -> None:
    assert not pruned("PySide6/Qt/translations/qtbase_nl.qm")
    assert not pruned("PySide6/Qt/translations/qtbase_en.qm")
    assert pruned("PySide6/Qt/translations/qtbase_de.qm")
    assert pruned("PySide6/Qt/translations/qt_help_nl.qm")


def test_the_prune_list_removes_what_it_says() -> None:
    for path in (
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
        "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-x11-integration.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    ):
        assert pruned(path), path


def test_a_folder_pattern_removes_what_lies_in_it_and_a_kept_path_stays() -> None:
    patterns = prune_patterns("a/b\na/c/*\n!a/c/keep.qm\n# a comment\n")
    assert pruned("a/b/deep/x.so", patterns)
    assert pruned("a/c/drop.qm", patterns)
    assert not pruned("a/c/keep.qm", patterns)
    assert not pruned("a/bb.so", patterns)


SPEC = PACKAGE.parent / "packaging" / "coachdesk.spec"


def test_the_bundle_carries_the_practice_servers_migrations_and_psycopgs_binary_part() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    server = PACKAGE / "store" / "server" / "migrations"
    assert '(str(PACKAGE / "store" / "server" / "migrations"), ' in spec
    assert '"coachdesk/store/server/migrations")' in spec
    assert sorted(p.name for p in (server / "versions").glob("s0*.py"))  # what it carries
    hidden = (
        'collect_submodules("psycopg_binary")',
        '"sqlalchemy.dialects.postgresql.psycopg"',
        '"alembic.ddl.postgresql"',
        'collect_submodules("keyring.backends")',
        'copy_metadata("keyring")',
    )
    assert [name for name in hidden if name not in spec] == []


def test_nothing_of_psycopgs_binary_part_is_pruned() -> None:
    spec = importlib.util.find_spec("psycopg_binary")
    if spec is None or spec.origin is None:
        pytest.skip("psycopg[binary] is not installed here")
    where = Path(spec.origin).parent
    patterns = prune_patterns()
    shipped = [*where.iterdir(), *where.with_name("psycopg_binary.libs").glob("*")]
    assert any(p.name.startswith("libpq") for p in shipped)
    kept = [f"{p.parent.name}/{p.name}" for p in shipped]
    assert [path for path in kept if pruned(path, patterns)] == []
