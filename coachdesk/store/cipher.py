"""Encryption at rest: whether SQLCipher is here, the key file beside the database, the key.

An encrypted database has no "SQLite format 3" header, and SQLCipher reports a wrong key
exactly as it reports a damaged file ("file is not a database"). So the data dir says itself
that the database is encrypted: a small JSON file beside it (``coachdesk.sqlite3.cipher``)
holds a format marker, the key-derivation parameters, a random salt and a passphrase
*verifier*. The passphrase is checked against the verifier before SQLite sees any key: a wrong
passphrase is told apart from damage, and never leads to the recovery path.

From the passphrase, PBKDF2-HMAC-SHA256 (many iterations) gives a master secret; two HMACs of
it give the verifier (stored) and the raw 256-bit database key (never stored: it lives in a
:class:`DatabaseKey` in memory). SQLCipher is handed the raw key, so it does not derive a key
again for every connection the store opens.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from coachdesk.domain.errors import DatabaseRefused, WrongPassphrase
from coachdesk.domain.i18n import _
from coachdesk.domain.private_files import sync_folder

#: The first line of defence against a misread file: what this code writes and reads.
FORMAT = "coachdesk-sqlcipher-1"
KDF = "pbkdf2-hmac-sha256"
#: OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about half a second here, once per start.
DEFAULT_ITERATIONS = 600_000
#: Below this the verifier would make guessing cheap: refused when read.
MIN_ITERATIONS = 1_000
_SALT_BYTES = 16
#: A SHA-256 digest: the verifier's length.
_DIGEST_BYTES = 32
_VERIFIER_LABEL = b"coachdesk passphrase verifier v1"
_KEY_LABEL = b"coachdesk database key v1"
#: The reason shown where the option cannot be offered.
INSTALL_HINT = "sqlcipher3-binary"


def unavailable_reason() -> str | None:
    """None where SQLCipher can be used; otherwise why not, for the coach to read."""
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return _("not available on this computer: install {package}").format(package=INSTALL_HINT)
    return None


@dataclass(frozen=True, slots=True)
class DatabaseKey:
    """The raw SQLCipher key for one database, held only in memory (never in a repr)."""

    raw: bytes = field(repr=False)

    def pragma_value(self) -> str:
        """The value for ``PRAGMA key`` and ``ATTACH ... KEY``: a raw key, no derivation."""
        return f"x'{self.raw.hex()}'"


@dataclass(frozen=True, slots=True)
class KeyFile:
    """What the file beside an encrypted database says (no secret: salt and verifier)."""

    iterations: int
    salt: bytes
    verifier: bytes

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "kdf": KDF,
                "iterations": self.iterations,
                "salt": self.salt.hex(),
                "verifier": self.verifier.hex(),
                "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            indent=2,
        )


#: The key file is named for its database: ``coachdesk.sqlite3.cipher``.
KEY_FILE_SUFFIX = ".cipher"


def key_file_path(database: Path) -> Path:
    return database.with_name(f"{database.name}{KEY_FILE_SUFFIX}")


def _secrets(passphrase: str, key_file: KeyFile) -> tuple[bytes, DatabaseKey]:
    import hashlib  # here, not at the top: start-up of a plain database never needs them
    import hmac
    import unicodedata

    # NFC: the same passphrase typed on another system (or keyboard) gives the same bytes.
    text = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    master = hashlib.pbkdf2_hmac("sha256", text, key_file.salt, key_file.iterations)
    verifier = hmac.new(master, _VERIFIER_LABEL, hashlib.sha256).digest()
    return verifier, DatabaseKey(hmac.new(master, _KEY_LABEL, hashlib.sha256).digest())


def new_key(passphrase: str, iterations: int = DEFAULT_ITERATIONS) -> tuple[KeyFile, DatabaseKey]:
    """A fresh salt, and the key file and key it gives with ``passphrase``."""
    import secrets

    salt = secrets.token_bytes(_SALT_BYTES)
    verifier, key = _secrets(passphrase, KeyFile(iterations, salt, b""))
    return KeyFile(iterations, salt, verifier), key


def unlock(key_file: KeyFile, passphrase: str) -> DatabaseKey:
    """The database key, if ``passphrase`` is the one the key file was made with.

    Raises:
        WrongPassphrase: it is not; nothing was opened or changed.
    """
    import hmac

    verifier, key = _secrets(passphrase, key_file)
    if not hmac.compare_digest(verifier, key_file.verifier):
        raise WrongPassphrase(_("Wrong passphrase."))
    return key


def read_key_file(database: Path) -> KeyFile | None:
    """The key file beside ``database``, or None if there is none.

    Raises:
        DatabaseRefused: it is there but unreadable or not one of ours (left untouched).
    """
    path = key_file_path(database)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):  # the data dir itself is checked later
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise _bad_key_file(path) from e
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("kdf") != KDF:
            raise ValueError("not our format")
        iterations = data["iterations"]
        if not isinstance(iterations, int) or not MIN_ITERATIONS <= iterations <= 100_000_000:
            raise ValueError("iterations")
        salt = bytes.fromhex(data["salt"])
        verifier = bytes.fromhex(data["verifier"])
        if len(salt) < _SALT_BYTES or len(verifier) != _DIGEST_BYTES:
            raise ValueError("sizes")
    except (ValueError, KeyError, TypeError) as e:
        raise _bad_key_file(path) from e
    return KeyFile(iterations, salt, verifier)


def _bad_key_file(path: Path) -> DatabaseRefused:
    return DatabaseRefused(
        _(
            "The encryption file {path} is damaged or not coachdesk's, so the encrypted "
            "database cannot be opened. Both files were left untouched."
        ).format(path=path)
    )


def write_key_file(database: Path, key_file: KeyFile) -> None:
    """Put the key file in place whole (written beside it, synced, then renamed)."""
    target = key_file_path(database)
    tmp = target.with_name(f".{target.name}.new-{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(key_file.to_json())
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


def set_key_file_aside(database: Path) -> Path | None:
    """Rename a key file that no longer belongs to the database beside it (never delete it:
    an encrypted copy elsewhere may still need its salt)."""
    path = key_file_path(database)
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.unused-{stamp}-{os.urandom(2).hex()}")
    os.replace(path, aside)
    sync_folder(path.parent)
    return aside


def locked(database: Path) -> KeyFile | None:
    """The key file to unlock ``database`` with, if it is encrypted; None if it is plain.

    The file's own header decides: an unencrypted SQLite file beside a key file was left so by
    a conversion that stopped before its last step, and is read as the plain file it is.
    """
    from coachdesk.store.header import has_plain_header

    if has_plain_header(database):
        return None
    return read_key_file(database)


def copy_key_file(database: Path, copy: Path) -> None:
    """Put the database's key file beside an encrypted copy of it: the copy needs its salt
    after the database's own key file has changed."""
    source = key_file_path(database)
    fd = os.open(key_file_path(copy), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(source.read_bytes())
        out.flush()
        os.fsync(out.fileno())


def key_for_copy(copy: Path, database: Path, key: DatabaseKey | None) -> DatabaseKey | None:
    """The key that opens ``copy`` (a backup of ``database``): ``key`` for a copy encrypted
    under the database's own key file, None for any other file (plain, or not ours: the
    checks of a plain file then say what it is).

    Raises:
        DatabaseRefused: the copy is encrypted under another passphrase, so the key in memory
            cannot open it. Nothing was changed.
    """
    from coachdesk.store.header import has_plain_header

    if has_plain_header(copy):
        return None
    own = read_key_file(copy)
    if own is None:
        return None
    if key is not None and own == read_key_file(database):
        return key
    raise DatabaseRefused(
        _(
            "The copy {path} is encrypted with another passphrase than the database; it was "
            "left untouched."
        ).format(path=copy)
    )
