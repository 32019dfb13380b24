"""A throwaway PostgreSQL cluster for the practice-server tests (and CI).

:func:`cluster` makes a cluster in a new temporary folder with Debian's ``initdb`` (the
``postgresql`` package; .ci/run installs it), listening on a Unix socket in that folder and on
127.0.0.1 with TLS: a test CA and a server certificate for ``127.0.0.1`` and ``localhost``,
made here with the ``openssl`` command. It starts the server, yields a :class:`Cluster` with
connection URLs for its superuser, then stops it and deletes the folder.

``initdb`` and ``postgres`` refuse to run as root. Run as root (a container, CI), the server
runs as Debian's ``postgres`` system user (made by the package for exactly this; ``nobody``
where it is absent), through ``setpriv``, which changes the user of one child process and
nothing else; the folder is handed to that user. Run as anyone else, it runs as them.

Every login needs its password (SCRAM), over the socket too; TCP is refused without TLS.
``fsync`` is off: the cluster is thrown away, and it must not wait on a shared disk.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BIN = Path("/usr/lib/postgresql")
OPENSSL = shutil.which("openssl")
SETPRIV = shutil.which("setpriv")
SUPERUSER = "admin"


def _bin_dir() -> Path | None:
    """The newest installed PostgreSQL's programs (Debian keeps them out of PATH)."""
    found = sorted(
        (p for p in BIN.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


BIN_DIR = _bin_dir()


def _missing() -> str | None:
    if BIN_DIR is None:
        return "needs PostgreSQL (apt-get install postgresql; .ci/run installs it)"
    if OPENSSL is None:
        return "needs the openssl command (apt-get install openssl; .ci/run installs it)"
    if os.geteuid() == 0 and (SETPRIV is None or _server_user() is None):
        return "running as root, and neither setpriv nor a postgres/nobody user is there"
    return None


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server when we are root (initdb refuses root)."""
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


#: Why the PostgreSQL tests cannot run here, or None when they can.
MISSING = _missing()


@dataclass(frozen=True)
class Cluster:
    """A running throwaway cluster."""

    folder: Path
    socket_dir: Path
    port: int
    password: str  # the superuser's
    ca_file: Path  # the test CA that signed the server's certificate
    ca_key: Path

    def socket_url(self, user: str = SUPERUSER, password: str | None = None, db: str = "") -> str:
        """A libpq URL over the Unix socket."""
        secret = self.password if password is None else password
        return (
            f"postgresql://{quote(user)}:{quote(secret, safe='')}@/{db or 'postgres'}"
            f"?host={quote(str(self.socket_dir))}&port={self.port}"
        )

    def tcp_url(
        self,
        user: str = SUPERUSER,
        password: str | None = None,
        db: str = "",
        host: str = "127.0.0.1",
    ) -> str:
        """A libpq URL over TCP on 127.0.0.1, TLS checked against the test CA (verify-full).
        ``host`` is the name the certificate is checked against; the address is always
        127.0.0.1."""
        secret = self.password if password is None else password
        return (
            f"postgresql://{quote(user)}:{quote(secret, safe='')}@{host}:{self.port}"
            f"/{db or 'postgres'}?hostaddr=127.0.0.1&sslmode=verify-full"
            f"&sslrootcert={quote(str(self.ca_file))}"
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _openssl(*args: str, cwd: Path) -> None:
    assert OPENSSL is not None
    subprocess.run([OPENSSL, *args], cwd=cwd, check=True, capture_output=True)


def make_certificates(folder: Path, names: str = "DNS:localhost,IP:127.0.0.1") -> None:
    """``ca.crt``/``ca.key`` and ``server.crt``/``server.key`` (signed by the CA, for
    ``names``) in ``folder``."""
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        "/CN=coachdesk test CA", "-keyout", "ca.key", "-out", "ca.crt",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=keyCertSign",
        cwd=folder,
    )  # fmt: skip
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=coachdesk test server",
        "-keyout", "server.key", "-out", "server.csr", cwd=folder,
    )  # fmt: skip
    (folder / "server.ext").write_text(
        f"subjectAltName={names}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"
    )
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.crt",
        cwd=folder,
    )  # fmt: skip


def _as_server_user(command: list[str]) -> list[str]:
    """``command``, run as the server's user when we are root."""
    if os.geteuid() != 0:
        return command
    user = _server_user()
    assert user is not None and SETPRIV is not None
    return [
        SETPRIV, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups",
        *command,
    ]  # fmt: skip


def _hand_over(folder: Path) -> None:
    """Give the folder and everything in it to the server's user (when we are root)."""
    if os.geteuid() != 0:
        return
    user = _server_user()
    assert user is not None
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, user.pw_uid, user.pw_gid)


@contextmanager
def cluster() -> Iterator[Cluster]:
    """A fresh cluster, started; stopped and deleted afterwards."""
    if MISSING is not None:
        raise RuntimeError(MISSING)
    assert BIN_DIR is not None
    folder = Path(tempfile.mkdtemp(prefix="coachdesk-pg-"))
    data = folder / "data"
    tls = folder / "tls"
    tls.mkdir()
    password = secrets.token_urlsafe(16)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}
    try:
        make_certificates(tls)
        (tls / "server.key").chmod(0o600)
        pwfile = folder / "pwfile"
        pwfile.write_text(password + "\n")
        _hand_over(folder)
        subprocess.run(
            _as_server_user(
                [str(BIN_DIR / "initdb"), "-D", str(data), "-U", SUPERUSER, "--pwfile",
                 str(pwfile), "-A", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"]
            ),
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        pwfile.unlink()
        (data / "pg_hba.conf").write_text(
            "local all all scram-sha-256\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "host all all 0.0.0.0/0 reject\n"
        )
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {port}\n"
                f"unix_socket_directories = '{folder}'\n"
                f"ssl = on\nssl_cert_file = '{tls / 'server.crt'}'\n"
                f"ssl_key_file = '{tls / 'server.key'}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 40\nshared_buffers = 16MB\n"
            )
        _hand_over(folder)
        subprocess.run(
            _as_server_user(
                [str(BIN_DIR / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                 "-w", "-t", "60", "start"]
            ),
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        try:
            yield Cluster(folder, folder, port, password, tls / "ca.crt", tls / "ca.key")
        finally:
            subprocess.run(
                _as_server_user(
                    [str(BIN_DIR / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                ),
                check=False, capture_output=True, env=env,
            )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def reset(url: str) -> None:
    """Drop every database but ``postgres`` and the templates, and every role but the
    superuser and PostgreSQL's own: a clean cluster for the next test, in a fraction of the
    time a new one takes."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        databases = conn.execute(
            "SELECT datname FROM pg_database WHERE datname NOT IN "
            "('postgres', 'template0', 'template1')"
        ).fetchall()
        for (name,) in databases:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        roles = conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> current_user"
        ).fetchall()
        for (name,) in roles:
            conn.execute(f'DROP OWNED BY "{name}" CASCADE')
        for (name,) in roles:
            conn.execute(f'DROP ROLE "{name}"')
