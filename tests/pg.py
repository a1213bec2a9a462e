"""A throwaway PostgreSQL cluster for the test session: real server, loopback only, deleted after.

Uses ``TEST_DATABASE_URL`` when set; otherwise finds PostgreSQL's binaries (``PG_BINDIR`` or
/usr/lib/postgresql/*/bin) and starts a private cluster. initdb refuses to run as root, so as root
the cluster runs as the ``postgres`` user through runuser. The cluster lives on the RAM disk
(/dev/shm) when there is one, with fsync off: it is thrown away, so nothing needs to be durable.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Cluster:
    """A running PostgreSQL we may create databases on; ``url`` is its admin database."""

    url: str
    datadir: Path | None = None
    bindir: Path | None = None
    owner: str | None = None

    def stop(self) -> None:
        """Stop the server and delete its files (clusters we did not start are left alone)."""
        if self.datadir is None or self.bindir is None:
            return
        _run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"],
            self.owner,
            check=False,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl live, or None."""
    if env := os.environ.get("PG_BINDIR"):
        return Path(env)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _run(cmd: list[str], owner: str | None, check: bool = True) -> subprocess.CompletedProcess[str]:
    if owner:
        cmd = ["runuser", "-u", owner, "--", *cmd]
    return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)


def _scratch_dir() -> str | None:
    """/dev/shm when it is a writable RAM disk (tests create and drop hundreds of databases)."""
    shm = Path("/dev/shm")
    usable = shm.is_dir() and os.access(shm, os.W_OK | os.X_OK)
    # As root the cluster runs as ``postgres``, who must be able to reach its folder in there.
    return str(shm) if usable and shm.stat().st_mode & stat.S_IXOTH else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start() -> Cluster:
    """Start (or reach) a PostgreSQL server; raise RuntimeError saying why when impossible."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        return Cluster(url=url.replace("postgresql://", "postgresql+psycopg://", 1))
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (set PG_BINDIR or TEST_DATABASE_URL)")
    owner = "postgres" if os.geteuid() == 0 else None
    base = Path(tempfile.mkdtemp(prefix="jm-pg-", dir=_scratch_dir()))
    base.chmod(0o755)
    datadir = base / "data"
    if owner:
        shutil.chown(base, owner)
    _run(
        [
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        owner,
    )
    # Another process (a parallel test worker starting its own cluster) may take the free port
    # between our look and the server's bind; then the start fails and we try another port.
    for attempt in range(3):
        port = _free_port()
        options = (
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
            # Shared memory segments in the data folder, not loose in /dev/shm, where the
            # immediate stop would leave them behind.
            "-c dynamic_shared_memory_type=mmap"
        )
        started = _run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(datadir),
                "-o",
                options,
                "-l",
                str(base / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            owner,
            check=attempt == 2,
        )
        if started.returncode == 0:
            break
    return Cluster(
        url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
        datadir=datadir,
        bindir=bindir,
        owner=owner,
    )
