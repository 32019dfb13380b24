"""Where coachdesk keeps its files: one override moves them all.

The data directory comes from ``--data-dir``, else ``COACHDESK_DATA_DIR``, else the platform's
user data directory. With an explicit data directory the settings live inside it too, so a
data directory is a self-contained profile (handy for a demo or a second practice).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "coachdesk"
ENV_DATA_DIR = "COACHDESK_DATA_DIR"
DATABASE_NAME = "coachdesk.sqlite3"


@dataclass(frozen=True, slots=True)
class Paths:
    data_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def key_file(self) -> Path:
        """Beside an encrypted database: its salt and passphrase verifier (no secret)."""
        return self.data_dir / f"{DATABASE_NAME}.cipher"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def window_state_file(self) -> Path:
        return self.config_dir / "window.ini"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "coachdesk.lock"


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The paths in force, given an optional ``--data-dir``."""
    chosen = data_dir if data_dir is not None else os.environ.get(ENV_DATA_DIR) or None
    if chosen is not None:
        root = Path(chosen).expanduser().absolute()
        return Paths(root, root / "config")
    import platformdirs

    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` readable by its owner only (0700); an existing one is left as it is."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
