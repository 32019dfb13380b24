"""Every domain module is covered by the import contract that keeps Qt and SQL out of it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMPOSITION = {"coachdesk.app", "coachdesk.__main__", "coachdesk.__init__"}


def test_the_domain_contract_lists_every_domain_module() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    domain = next(c for c in contracts if c["name"].startswith("The domain"))
    modules = {f"coachdesk.{p.stem}" for p in (ROOT / "coachdesk").glob("*.py")}
    assert set(domain["source_modules"]) == modules - COMPOSITION
