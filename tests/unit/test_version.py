"""One version everywhere a coach or a package manager reads it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from coachdesk import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_the_same_in_every_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["version"] == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(__version__)}\b", changelog, re.MULTILINE)
    metainfo = (ROOT / "packaging" / "org.coachdesk.coachdesk.metainfo.xml").read_text()
    assert f'<release version="{__version__}"' in metainfo
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"coachdesk_{__version__}_amd64.deb" in readme
