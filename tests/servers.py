"""Throwaway PostgreSQL and Redis servers for the tests and the benchmarks.

Each server lives in its own temporary directory and listens only on a unix socket
(PostgreSQL) or on 127.0.0.1 (Redis); stopping it deletes everything it wrote.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class Missing(RuntimeError):
    """The server program is not installed."""


def postgres_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin that has initdb and pg_ctl, or PATH's."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    for found in reversed(candidates):
        if Path(found, "initdb").exists() and Path(found, "pg_ctl").exists():
            return Path(found)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int = 5432
    user: str = "postgres"

    @property
    def socket_dir(self) -> str:
        return str(self.root)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{self.user}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def connect(self):
        import psycopg

        return psycopg.connect(
            host=self.socket_dir,
            port=self.port,
            user=self.user,
            dbname="postgres",
            autocommit=True,
        )

    def stop(self) -> None:
        _as_owner(
            [str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"],
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _run_as_postgres() -> bool:
    """initdb refuses to run as root: run the server as the `postgres` system user then."""
    return os.geteuid() == 0


def _as_owner(cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
    if _run_as_postgres():
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=60)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_orphans(bindir: Path) -> None:
    """Stop servers left by a test run that was killed before it could clean up."""
    for root in Path(tempfile.gettempdir()).glob("retour-pg-*"):
        owner = root / "owner.pid"
        try:
            pid = int(owner.read_text())
        except (OSError, ValueError):
            continue  # starting right now, or not ours
        if not _pid_alive(pid):
            PostgresServer(bindir=bindir, root=root).stop()


def start_postgres(durable: bool = False) -> PostgresServer:
    """Start a PostgreSQL server: for throwaway data (no fsync), or `durable` as in
    production (fsync and synchronous commits on), for benchmarks of the real cost."""
    bindir = postgres_bindir()
    if bindir is None:
        raise Missing("PostgreSQL binaries (initdb, pg_ctl) not found")
    if _run_as_postgres():
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise Missing("running as root and there is no `postgres` user") from exc
    root = Path(tempfile.mkdtemp(prefix="retour-pg-"))
    root.chmod(0o755)
    if _run_as_postgres():
        os.chown(root, owner.pw_uid, owner.pw_gid)
    server = PostgresServer(bindir=bindir, root=root)
    _stop_orphans(bindir)
    data = root / "data"
    try:
        _as_owner(
            [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", server.user,
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        )  # fmt: skip
        options = f"-k {root} -p {server.port} -c listen_addresses='' -c max_connections=300"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _as_owner(
            [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
             "-o", options, "start"]
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        log = (root / "log").read_text() if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log}") from exc
    # Whoever started it owns it: a later run stops it if this process dies first.
    (root / "owner.pid").write_text(str(os.getpid()))
    atexit.register(server.stop)
    return server


@dataclass
class RedisServer:
    process: subprocess.Popen
    port: int
    root: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def start_redis() -> RedisServer:
    """Start redis-server on a free loopback port, persisting nothing."""
    program = shutil.which("redis-server")
    if program is None:
        raise Missing("redis-server not found")
    root = Path(tempfile.mkdtemp(prefix="retour-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return RedisServer(process=process, port=port, root=root)
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.05)
    process.kill()
    shutil.rmtree(root, ignore_errors=True)
    raise RuntimeError("redis-server did not start")
