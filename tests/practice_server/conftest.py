"""A practice on the throwaway cluster: the schema, two coaches and a supervisor."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests import pgserver

PASSWORDS = {"anna": "anna-secret", "ben": "ben-secret", "sara": "sara-secret"}


@dataclass(frozen=True)
class Practice:
    cluster: pgserver.Cluster

    @property
    def admin(self) -> str:
        return self.cluster.socket_url()

    def login(self, name: str, *, tls: bool = False) -> str:
        """The URL for ``name``'s login, with its password."""
        if tls:
            return self.cluster.tcp_url(name, PASSWORDS[name])
        return self.cluster.socket_url(name, PASSWORDS[name])


@pytest.fixture
def practice(pg: pgserver.Cluster) -> Practice:
    return set_up(pg)


def set_up(pg: pgserver.Cluster) -> Practice:
    """The schema on ``pg``, with anna and ben as coaches and sara as supervisor."""
    from coachdesk.store.server import admin

    admin.upgrade(pg.socket_url(), create=True)
    admin.add_login(pg.socket_url(), "anna", PASSWORDS["anna"])
    admin.add_login(pg.socket_url(), "ben", PASSWORDS["ben"])
    admin.add_login(pg.socket_url(), "sara", PASSWORDS["sara"], supervisor=True)
    return Practice(pg)
