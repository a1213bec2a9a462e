"""Run the whole product on one machine: gunicorn web workers plus one scheduler process.

``flask --app app serve`` starts both as child processes, waits until the web server answers,
prints the URLs, and runs until Ctrl-C or SIGTERM. A scheduler that dies is started again after a
back-off (1 s, 2 s, 4 s … at most 60 s; back to 1 s once one has run for a minute) while the web
server goes on taking answers; if the web server dies, both stop.
"""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from types import FrameType

import click

log = logging.getLogger("journeymap.serve")

FIRST_DELAY = 1.0
MAX_DELAY = 60.0
# A scheduler that ran this long before dying was healthy: the next restart waits FIRST_DELAY.
STEADY_AFTER = 60.0


def restart_delay(previous: float | None, ran_for: float) -> float:
    """Seconds to wait before restarting a scheduler that died after ``ran_for`` seconds."""
    if previous is None or ran_for >= STEADY_AFTER:
        return FIRST_DELAY
    return min(MAX_DELAY, previous * 2)


def _start_scheduler() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "scheduler", "run"])


def _how_it_ended(returncode: int) -> str:
    return f"was killed by signal {-returncode}" if returncode < 0 else f"exited ({returncode})"


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
    scheduler = _start_scheduler()
    web = subprocess.Popen(
        [
            sys.executable,
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
        started, delay, restart_at = time.monotonic(), None, None
        while not stopping and web.poll() is None:
            now = time.monotonic()
            if restart_at is None and scheduler.poll() is not None:
                delay = restart_delay(delay, now - started)
                restart_at = now + delay
                log.warning(
                    "the scheduler (pid %d) %s; restarting it in %.0f s",
                    scheduler.pid,
                    _how_it_ended(scheduler.returncode),
                    delay,
                )
            elif restart_at is not None and now >= restart_at:
                scheduler, started, restart_at = _start_scheduler(), now, None
                log.warning("scheduler restarted (pid %d)", scheduler.pid)
            time.sleep(0.3)
        if stopping:
            return 0
        log.error("the web server %s; stopping", _how_it_ended(web.returncode))
        return web.returncode or 1
    finally:
        for child in (web, scheduler):
            if child.poll() is None:
                child.terminate()
        for child in (web, scheduler):
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
