"""What the wheel ships of the sentiment package: the scorer and its model files, not the
training and evaluation code that only a checkout runs (slow: builds a wheel)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_ships_the_model_files_but_no_training_or_evaluation(tmp_path: Path) -> None:
    # A copy of the sources alone: an in-tree build would read (and leave) build/ and egg-info
    # file lists, which can name files the configuration no longer ships.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("app", "surveys", "journeys", "sentiment"):
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = tmp_path / "wheel"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = out.glob("*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    ours = {name for name in shipped if name.startswith("sentiment/")}

    assert {"sentiment/__init__.py", "sentiment/polarity.py", "sentiment/cli.py"} <= ours
    assert {f"sentiment/data/{p.name}" for p in (ROOT / "sentiment" / "data").iterdir()} <= ours
    assert not [name for name in ours if "training" in name or "evaluate" in name]
