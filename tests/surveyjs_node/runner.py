"""Runs survey definitions through the real SurveyJS library (survey-core from npm) in node."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

HARNESS_DIR = Path(__file__).resolve().parent
CHECK_SCRIPT = HARNESS_DIR / "check.mjs"
INSTALL_LOCK = HARNESS_DIR / ".npm-ci.lock"

# npm ci downloads one small package; a slow mirror still finishes well inside this.
INSTALL_TIMEOUT_SECONDS = 300


class SurveyJSUnavailable(RuntimeError):
    """Raised when node, npm or the pinned survey-core cannot be made available on this machine."""


def _pinned_version() -> str:
    """The exact survey-core version package.json pins."""
    manifest = json.loads((HARNESS_DIR / "package.json").read_text(encoding="utf-8"))
    return str(manifest["dependencies"]["survey-core"])


def _installed_version() -> str | None:
    """The survey-core version in node_modules, or None when it is not installed."""
    installed = HARNESS_DIR / "node_modules" / "survey-core" / "package.json"
    if not installed.is_file():
        return None
    return str(json.loads(installed.read_text(encoding="utf-8"))["version"])


def _ensure_installed() -> None:
    """Runs `npm ci` when node_modules lacks the pinned survey-core (first run, or a new pin).

    Parallel test workers look under a file lock, since `npm ci` first deletes node_modules and
    then writes it file by file: one installs, the others wait and find the pinned version there.
    """
    with INSTALL_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_version() != _pinned_version():
            _npm_ci()


def _npm_ci() -> None:
    """Installs the pinned survey-core into node_modules."""
    npm = shutil.which("npm")
    if npm is None:
        raise SurveyJSUnavailable("npm is not installed (apt-get install -y nodejs npm)")
    try:
        completed = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(HARNESS_DIR)],
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SurveyJSUnavailable(f"npm ci timed out after {exc.timeout} s") from exc
    if completed.returncode != 0:
        raise SurveyJSUnavailable(
            f"npm ci failed ({completed.returncode}): {completed.stderr[-2000:]}"
        )
    if _installed_version() != _pinned_version():
        raise SurveyJSUnavailable(f"npm ci did not install survey-core {_pinned_version()}")


def run_surveyjs(
    items: Sequence[Mapping[str, Any]], *, timeout: float = 600.0
) -> list[dict[str, Any]]:
    """Loads each item ({"id", "survey", "answers"?}) into survey-core; returns one report per item.

    A report is {"id", "jsonErrors", "pages", "visiblePages", "questions", "json"} as check.mjs
    describes, or {"id", "error"} when SurveyJS could not load that item. Raises
    SurveyJSUnavailable when node or npm is missing or the pinned survey-core cannot be installed.
    """
    node = shutil.which("node")
    if node is None:
        raise SurveyJSUnavailable("node is not installed (apt-get install -y nodejs npm)")
    _ensure_installed()
    batch = "".join(json.dumps(item) + "\n" for item in items)
    # A deadline, not a wait: a batch of hundreds of surveys takes minutes on a loaded machine.
    completed = subprocess.run(
        [node, str(CHECK_SCRIPT)],
        input=batch,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=HARNESS_DIR,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"node check.mjs exited {completed.returncode}: {completed.stderr[-2000:]}"
        )
    reports = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    if len(reports) != len(items):
        # Every input line yields one output line; fewer means the harness itself broke.
        raise RuntimeError(
            f"check.mjs answered {len(reports)} of {len(items)} items: {completed.stderr[-2000:]}"
        )
    return reports


def surveyjs_reports(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``run_surveyjs`` for a test: skips when node is missing here, fails with CI=true."""
    import pytest  # only tests call this; the runner itself needs no pytest

    try:
        return run_surveyjs(items)
    except SurveyJSUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"SurveyJS harness unavailable in CI: {exc}")
        pytest.skip(f"SurveyJS harness unavailable: {exc}")
