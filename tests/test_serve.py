"""`flask --app app serve`, which `make demo` ends with: web workers plus a scheduler process."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


@pytest.mark.slow
def test_serve_starts_web_and_scheduler_and_stops_both(sqlite_url: str) -> None:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": sqlite_url, "SECRET_KEY": "test"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "app",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "Open http://" in line or proc.poll() is not None:
                break
        banner = "".join(lines)
        assert f"Open http://127.0.0.1:{port}/" in banner, banner
        pids = re.search(r"web pid (\d+), scheduler pid (\d+)", banner)
        assert pids, banner
        web_pid, scheduler_pid = int(pids.group(1)), int(pids.group(2))
        assert "scheduler run" in _cmdline(scheduler_pid)
        assert "gunicorn" in _cmdline(web_pid)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
            assert reply.status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    time.sleep(0.5)
    assert proc.returncode == 0
    assert _cmdline(web_pid) == "" and _cmdline(scheduler_pid) == ""
