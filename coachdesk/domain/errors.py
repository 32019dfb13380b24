"""Errors that carry a message meant for the coach, already translated."""

from __future__ import annotations


class CoachdeskError(Exception):
    """Base of every error whose text may be shown to the coach as it is."""


class DatabaseRefused(CoachdeskError):
    """The file at the database path is not one we may open; it was left untouched."""


class DataDirUnusable(CoachdeskError):
    """The data directory cannot be created or written."""


class StoreWriteFailed(CoachdeskError):
    """A write did not commit; nothing it would have changed was changed."""


class InvalidInput(CoachdeskError):
    """Input the coach gave was refused; nothing was changed."""


class DatabaseDamaged(DatabaseRefused):
    """The database file is damaged (or not a coachdesk database at all): a backup may be
    restored in its place. The file was left untouched."""

    def __init__(self, message: str, path: str, finding: str) -> None:
        super().__init__(message)
        self.path = path
        self.finding = finding


class BackupFailed(CoachdeskError):
    """A backup could not be made or verified; no earlier backup was touched."""


class DamagedSource(BackupFailed):
    """No backup was made because the database itself fails its check."""


class BackupRefused(CoachdeskError):
    """A file given to restore is not a verified coachdesk backup; nothing was changed."""


class PassphraseNeeded(CoachdeskError):
    """The database is encrypted and was opened without its key."""


class WrongPassphrase(CoachdeskError):
    """The passphrase does not match the database's; nothing was opened or changed."""


class EncryptionUnavailable(CoachdeskError):
    """SQLCipher cannot be loaded here, so encryption can be neither turned on nor used."""


class PracticeServerError(CoachdeskError):
    """The practice's server refused, could not be reached, or is not what coachdesk needs."""


class KeyringUnavailable(CoachdeskError):
    """No keyring is usable on this computer (or it refused): the practice server's password
    cannot be remembered there, and is asked for at each start instead."""


class PracticeLoginRefused(PracticeServerError):
    """The practice's server refused the login: a password is missing or wrong (trying
    again with the same one is pointless)."""
