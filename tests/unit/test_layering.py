"""Every module of coachdesk lives in one of the layers the import contracts name."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "coachdesk"
#: Beside the layers (and ``resources``, data files, no code): the version and
#: ``python -m coachdesk``.
TOP_LEVEL_FILES = {"__init__.py", "__main__.py"}


def _layers() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    layered = next(c for c in contracts if c["type"] == "layers")
    return {name.strip() for layer in layered["layers"] for name in layer.split("|")}


def test_every_package_of_coachdesk_is_a_layer_of_the_contract() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} - {"resources"}
    assert packages == _layers() == {"cli", "wiring", "ui", "store", "domain"}


def test_no_module_lives_outside_the_layers() -> None:
    assert {p.name for p in PACKAGE.glob("*.py")} == TOP_LEVEL_FILES
