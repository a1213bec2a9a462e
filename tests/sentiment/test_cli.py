"""The command-line contract external evaluators use: ``python -m sentiment score|eval``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"id", "compound", "label", "emotion", "emotions", "themes"}


def run(
    args: list[str], stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    import os

    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "sentiment", *args],
        input=stdin, capture_output=True, cwd=ROOT, env=full_env, timeout=120,
    )  # fmt: skip


def test_score_writes_one_line_per_input_in_order_with_exact_fields() -> None:
    lines = [
        {"id": 1, "text": "Great service, thank you!"},
        {"id": "b", "text": "I was charged twice and nobody answers."},
        {"id": None, "text": ""},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines).encode() + b"\n"
    done = run(["score"], stdin)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == [1, "b", None]
    assert all(set(o) == FIELDS for o in out)
    assert out[0]["label"] == "positive" and out[1]["label"] == "negative"
    assert isinstance(out[1]["themes"], list)


def test_malformed_lines_get_an_error_line_and_do_not_stop_the_batch() -> None:
    stdin = b"\n".join(
        [
            b'{"id": 1, "text": "fine"}',
            b"this is not json",
            b'{"id": 7, "text": 42}',
            b'["a", "list"]',
            b'{"id": 9}',
            b"\xff\xfe broken bytes",
            b'{"id": 10, "text": "still scored \\ud800"}',
        ]
    )
    done = run(["score"], stdin)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == 7
    assert "error" in out[1] and out[1]["line"] == 2
    assert out[2]["id"] == 7 and "error" in out[2]
    assert "error" in out[3] and "error" in out[4] and out[4]["id"] == 9
    assert "error" in out[5]
    assert out[6]["id"] == 10 and set(out[6]) == FIELDS
    assert out[0]["id"] == 1 and set(out[0]) == FIELDS


def test_eval_says_where_it_looked_when_data_is_absent(tmp_path: Path) -> None:
    done = run(["eval"], env={"SENTIMENT_DATA_DIR": str(tmp_path / "nowhere")})
    assert done.returncode == 2
    assert b"shared data not found" in done.stdout


def test_eval_without_the_evaluation_code_says_it_needs_a_checkout() -> None:
    # As installed from the wheel, which leaves sentiment.training out.
    code = (
        "import sys; sys.modules['sentiment.training'] = None;"
        "from sentiment.cli import main; sys.exit(main(['eval']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert "eval needs a source checkout" in done.stdout
