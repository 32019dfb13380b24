"""Every domain module is covered by the import contract that keeps Qt and SQL out of it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The composition root: these wire the store and the ui together (the data service and the
#: data commands do it for export, import and erasure, for the window and the command line;
#: unlocking turns the passphrase typed on the command line into the store's key).
COMPOSITION = {
    "coachdesk.app",
    "coachdesk.__main__",
    "coachdesk.__init__",
    "coachdesk.data_service",
    "coachdesk.data_commands",
    "coachdesk.unlocking",
    "coachdesk.backup_commands",
}


def test_the_domain_contract_lists_every_domain_module() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    domain = next(c for c in contracts if c["name"].startswith("The domain"))
    modules = {f"coachdesk.{p.stem}" for p in (ROOT / "coachdesk").glob("*.py")}
    assert set(domain["source_modules"]) == modules - COMPOSITION
