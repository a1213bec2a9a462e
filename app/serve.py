"""Run the whole product on one machine: gunicorn web workers plus one scheduler process.

``flask --app app serve`` starts both as child processes, waits until the web server answers,
prints the URLs, and stops both when either exits or on Ctrl-C.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from types import FrameType

import click


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _wait_healthy(url: str, web: subprocess.Popen[bytes], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and web.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def serve(
    host: str, port: int, workers: int, open_path: str = "/", notes: list[str] | None = None
) -> int:
    """Start web workers and the scheduler; return the exit code when they stop."""
    if not _port_free(host, port):
        raise click.ClickException(f"port {port} on {host} is in use; pass --port or set PORT")
    python = sys.executable
    scheduler = subprocess.Popen([python, "-m", "flask", "--app", "app", "scheduler", "run"])
    web = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"{host}:{port}",
            "--access-logfile",
            "-",
            "app:create_app()",
        ]
    )
    children = (web, scheduler)

    stopping: list[int] = []

    def _stop(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)  # children get the terminal's Ctrl-C themselves; we just wind down

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        base = f"http://{host}:{port}"
        if not _wait_healthy(f"{base}/healthz", web):
            click.echo("The web server did not come up; see the log above.", err=True)
            return 1
        click.echo(f"\n  Journeymap is running (web pid {web.pid}, scheduler pid {scheduler.pid}).")
        click.echo(f"  Open {base}{open_path}")
        for line in notes or []:
            click.echo(f"  {line}")
        click.echo("  Press Ctrl-C to stop.\n")
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.3)
        if stopping:
            return 0
        return next(child.returncode for child in children if child.poll() is not None) or 1
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
