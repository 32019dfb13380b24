"""Which server URLs a coach may connect to: a Unix socket or loopback as they are, anything
else only with ``sslmode=verify-full`` (the server's certificate checked against a CA and
the host name), so no one between the coach and the server reads or changes what passes.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import _

#: libpq's environment variables that change where a URL leads or how it is protected.
_ENVIRONMENT = {"host": "PGHOST", "hostaddr": "PGHOSTADDR", "sslmode": "PGSSLMODE"}


@dataclass(frozen=True, slots=True)
class CheckedUrl:
    """A URL that passed :func:`check`."""

    #: The URL as given, but without a password (what may be kept in the settings).
    url: str
    #: Whether the URL itself carried a password.
    had_password: bool
    #: Whether it leads to this machine only (a Unix socket or loopback).
    local: bool


def _is_local(host: str) -> bool:
    if not host or host.startswith(("/", "@")):  # a Unix socket's folder (or abstract name)
        return True
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check(url: str) -> CheckedUrl:
    """``url`` (a libpq URL or key=value string) if a coach may use it.

    Raises:
        InvalidInput: it cannot be read, names a service file, or leads off this machine
            without ``sslmode=verify-full``.
    """
    from psycopg import conninfo

    try:
        params = conninfo.conninfo_to_dict(url)
    except Exception as e:  # psycopg.ProgrammingError: the text is not a libpq URL
        raise InvalidInput(
            _("That is not a PostgreSQL URL (such as postgresql://name@server/practice).")
        ) from e
    if "service" in params or "PGSERVICE" in os.environ:
        raise InvalidInput(
            _("Name the server in the URL itself, not through a service file (service=).")
        )
    found = {key: params.get(key, os.environ.get(env, "")) for key, env in _ENVIRONMENT.items()}
    # With hostaddr, libpq connects to that address and checks the certificate against host.
    where = str(found["hostaddr"] or found["host"])
    local = all(_is_local(part.strip()) for part in where.split(","))
    if not local and found["sslmode"] != "verify-full":
        raise InvalidInput(
            _(
                "coachdesk connects to a server on another machine only with "
                "sslmode=verify-full (and the practice's CA in sslrootcert), so no one on the "
                "way can read or change what passes. Add it to the URL."
            )
        )
    had_password = "password" in params
    kept = {key: value for key, value in params.items() if key != "password"}
    return CheckedUrl(conninfo.make_conninfo("", **kept), had_password, local)
