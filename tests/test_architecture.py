"""The arrows run app → journeys → surveys → sentiment, and never back."""

from __future__ import annotations

import subprocess
import sys

import pytest

FORBIDDEN = {
    "sentiment": ("flask", "app", "surveys", "journeys", "sqlalchemy"),
    "surveys": ("flask", "app", "journeys"),
    "journeys": ("flask", "app"),
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
