"""The practice server's password in this computer's keyring (GNOME Keyring, KWallet, the
macOS Keychain, Windows' Credential Manager), only when the coach asked for it.

The ``keyring`` package is imported here only, when a practice is used: never at start-up.
Where no keyring is usable (a headless Linux machine without a Secret Service, or keyring's
``fail`` backend), every call raises :class:`~coachdesk.domain.errors.KeyringUnavailable`
and the app asks for the password at each start instead; coachdesk never writes the
password to a file of its own. keyring passes its backends' own errors through (a Secret
Service daemon that crashed or timed out, a dismissed unlock prompt, GLib or D-Bus errors):
each is a keyring that cannot be used now, said the same way.
"""

from __future__ import annotations

from coachdesk.domain.errors import KeyringUnavailable
from coachdesk.domain.i18n import _

#: The keyring's service name for every practice server; the account is :func:`account`.
SERVICE = "coachdesk practice server"


def account(url: str) -> str:
    """The keyring entry's name for ``url``: ``user@host/database`` (``host:port`` when the
    URL names a port), so two practices or two logins never share an entry."""
    from psycopg import conninfo

    params = conninfo.conninfo_to_dict(url)
    host = str(params.get("host") or "localhost")
    if params.get("port"):
        host += f":{params['port']}"
    user = str(params.get("user") or "")
    return f"{user}@{host}/{params.get('dbname') or user}"


def _unavailable(e: Exception) -> KeyringUnavailable:
    return KeyringUnavailable(
        _(
            "No keyring is usable on this computer ({reason}), so the password cannot be "
            "remembered: coachdesk asks for it each time it starts."
        ).format(reason=str(e).strip() or type(e).__name__)
    )


def recall(url: str) -> str | None:
    """The password remembered for ``url``, if any.

    Raises:
        KeyringUnavailable: no keyring is usable, or it refused.
    """
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, account(url))
    except KeyringError as e:
        raise _unavailable(e) from e
    except Exception as e:  # a backend's own error: a keyring that cannot be used now
        raise _unavailable(e) from e


def remember(url: str, password: str) -> None:
    """Keep ``password`` for ``url`` in the keyring (replacing one kept before).

    Raises:
        KeyringUnavailable: no keyring is usable, or it refused.
    """
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, account(url), password)
    except KeyringError as e:
        raise _unavailable(e) from e
    except Exception as e:  # a backend's own error: a keyring that cannot be used now
        raise _unavailable(e) from e


def forget(url: str) -> None:
    """Delete the password kept for ``url``, if there is one.

    Raises:
        KeyringUnavailable: no keyring is usable, or it refused.
    """
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, account(url))
    except PasswordDeleteError:
        pass  # none kept: nothing to delete
    except KeyringError as e:
        raise _unavailable(e) from e
    except Exception as e:  # a backend's own error: a keyring that cannot be used now
        raise _unavailable(e) from e
