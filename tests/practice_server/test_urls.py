"""Which URLs a coach may connect with (no server needed)."""

from __future__ import annotations

import pytest

from coachdesk.domain.errors import InvalidInput
from coachdesk.store.server import urls


@pytest.fixture(autouse=True)
def _no_libpq_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PGHOST", "PGHOSTADDR", "PGSSLMODE", "PGSERVICE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://anna@/practice?host=/var/run/postgresql",
        "postgresql:///practice",  # libpq's default: the Unix socket
        "postgresql://anna@localhost/practice",
        "postgresql://anna@127.0.0.1:5433/practice",
        "postgresql://anna@[::1]/practice",
        "host=/tmp dbname=practice user=anna",
    ],
)
def test_a_socket_or_loopback_is_taken_as_it_is(url: str) -> None:
    assert urls.check(url).local


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://anna@praktijk.example.nl/practice",
        "postgresql://anna@praktijk.example.nl/practice?sslmode=require",
        "postgresql://anna@praktijk.example.nl/practice?sslmode=verify-ca",
        "postgresql://anna@192.168.1.10/practice?sslmode=prefer",
        # the name is loopback, the address connected to is not
        "postgresql://anna@localhost/practice?hostaddr=192.168.1.10",
        "postgresql://anna@/practice?host=/tmp,praktijk.example.nl",
    ],
)
def test_anything_else_needs_verify_full(url: str) -> None:
    with pytest.raises(InvalidInput, match="sslmode=verify-full"):
        urls.check(url)


def test_verify_full_is_taken_and_a_password_is_never_kept() -> None:
    checked = urls.check(
        "postgresql://anna:s3cret@praktijk.example.nl/practice"
        "?sslmode=verify-full&sslrootcert=/etc/practice-ca.crt"
    )
    assert not checked.local and checked.had_password
    assert "s3cret" not in checked.url
    assert "sslmode=verify-full" in checked.url and "host=praktijk.example.nl" in checked.url


def test_the_environment_cannot_lead_a_local_url_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGHOST", "praktijk.example.nl")
    with pytest.raises(InvalidInput, match="sslmode=verify-full"):
        urls.check("postgresql:///practice")
    monkeypatch.setenv("PGSERVICE", "practice")
    with pytest.raises(InvalidInput, match="service file"):
        urls.check("postgresql:///practice")


def test_a_url_that_is_none_is_refused() -> None:
    with pytest.raises(InvalidInput, match="not a PostgreSQL URL"):
        urls.check("postgresql://anna@host/db?nonsense_option=1")
