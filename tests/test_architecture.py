"""The arrows run app → journeys → {surveys, sentiment} and app → surveys, never back; surveys and
sentiment know nothing of each other; only app imports Flask; the demo sits outside."""

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
    "surveys": ("flask", "app", "journeys", "sentiment", "demo"),
    "journeys": ("flask", "app", "demo"),
    "app": ("demo",),  # only `db seed-demo` and `serve --demo-logins` load it, when run
    "demo": ("flask", "app"),
}

# Every module of the package, not only what its __init__ pulls in: a module no one imports yet
# must keep the arrows too. (A package's __main__ runs a command when imported: left out.)
IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    if not module.name.endswith(".__main__"):
        importlib.import_module(module.name)
print("\\n".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_of_a_package_imports_what_its_arrows_forbid(package: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, package],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
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
