"""The throwaway cluster itself: both ways in, TLS checked, and nothing in without TLS."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests import pgserver


def test_the_socket_and_tls_on_loopback_both_reach_the_server(pg: pgserver.Cluster) -> None:
    with psycopg.connect(pg.socket_url()) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (pgserver.SUPERUSER,)
        assert conn.info.host == str(pg.socket_dir)
    with psycopg.connect(pg.tcp_url()) as conn:
        row = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        assert row == (True,)
        assert conn.info.hostaddr == "127.0.0.1"


def test_a_certificate_for_another_name_is_refused_under_verify_full(
    pg: pgserver.Cluster,
) -> None:
    # The address is the server's; the name asked for is not on its certificate.
    with pytest.raises(psycopg.OperationalError, match="does not match host name"):
        psycopg.connect(pg.tcp_url(host="practice.example.org"))


def test_a_certificate_from_another_ca_is_refused(pg: pgserver.Cluster, tmp_path: Path) -> None:
    pgserver.make_certificates(tmp_path)
    url = pg.tcp_url().split("&sslrootcert=")[0] + f"&sslrootcert={tmp_path / 'ca.crt'}"
    with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
        psycopg.connect(url)


def test_tcp_without_tls_and_a_wrong_password_are_refused(pg: pgserver.Cluster) -> None:
    plain = f"postgresql://admin:{pg.password}@127.0.0.1:{pg.port}/postgres?sslmode=disable"
    with pytest.raises(psycopg.OperationalError, match="rejects connection"):
        psycopg.connect(plain)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg.socket_url(password="not-it"))
