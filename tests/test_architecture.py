"""The arrows run app → journeys → surveys → sentiment, and never back; the demo sits outside."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "sentiment": ("flask", "app", "surveys", "journeys", "sqlalchemy", "demo"),
    "surveys": ("flask", "app", "journeys", "demo"),
    "journeys": ("flask", "app", "demo"),
    "app": ("demo",),  # only `db seed-demo` and `serve --demo-logins` load it, when run
    "demo": ("flask", "app"),
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_domain_package_imports_nothing_above_it(package: str) -> None:
    code = (
        f"import sys, {package}\n"
        "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    leaked = sorted(set(out) & set(FORBIDDEN[package]))
    assert leaked == [], f"{package} pulls in {leaked}"


def test_the_demo_is_left_out_of_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = [d.name for d in ROOT.iterdir() if (d / "__init__.py").is_file()]
    shipped = {name for name in packages if any(fnmatch(name, p) for p in include)}
    assert "demo" in packages
    assert shipped == {"app", "surveys", "journeys", "sentiment"}
