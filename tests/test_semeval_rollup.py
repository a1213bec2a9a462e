"""Real data: SemEval-2014 restaurant sentences imported as feedback, one touchpoint per aspect
category, rolled up — service is the top pain point and its themes say what went wrong."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask

import sentiment
from sentiment.themes import theme_key
from tests.verbs import bare_verb_themes

SEMEVAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "semeval2014"
XML = SEMEVAL / "Restaurants_Train_v2.xml"
# What a restaurant's service complaints are about, in any wording the theme extractor may use.
SERVICE_WORDS = (
    "service",
    "staff",
    "waiter",
    "waitress",
    "wait",
    "server",
    "manager",
    "rude",
    "table",
    "host",
)


def _write_feedback_csv(path: Path) -> int:
    """Write one row per sentence × aspect category; return how many distinct ids (the data
    repeats two, which the import must store once)."""
    ids: set[str] = set()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "category", "text"])
        for sentence in ET.parse(XML).getroot().iter("sentence"):
            text = sentence.findtext("text") or ""
            for category in sentence.iter("aspectCategory"):
                writer.writerow(
                    [
                        f"{sentence.get('id')}:{category.get('category')}",
                        category.get("category"),
                        text,
                    ]
                )
                ids.add(f"{sentence.get('id')}:{category.get('category')}")
    return len(ids)


@pytest.mark.slow
def test_service_is_the_top_pain_point_of_the_semeval_restaurants(
    app: Flask, tmp_path: Path
) -> None:
    if not XML.exists():
        pytest.skip(f"SemEval data not found at {XML}")
    feedback = tmp_path / "restaurants.csv"
    rows = _write_feedback_csv(feedback)
    runner = app.test_cli_runner()
    imported = runner.invoke(
        args=[
            "feedback",
            "import",
            str(feedback),
            "--journey",
            "restaurants",
            "--create",
            "--stage",
            "Awareness",
            "--touchpoint-column",
            "category",
            "--text-column",
            "text",
            "--id-column",
            "id",
        ]
    )
    assert imported.exit_code == 0, imported.output
    rolled = runner.invoke(args=["journeys", "rollup"])
    assert rolled.exit_code == 0, rolled.output
    exported = runner.invoke(args=["journeys", "export", "--journey", "restaurants"])
    data = json.loads(exported.output)

    # Every row is on the map, but for the few the scorer reads as another language: those are
    # flagged and left out of the sentiment, not counted as neutral.
    with feedback.open(encoding="utf-8", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    foreign = sum(s.language == "other" for s in sentiment.score_many(texts))
    assert foreign < rows / 100
    assert sum(c["n"] for c in data["cells"]) == rows - foreign
    assert {c["touchpoint"] for c in data["cells"]} == {
        "food",
        "service",
        "price",
        "ambience",
        "anecdotes/miscellaneous",
    }
    top = data["pain_points"][0]
    assert top["touchpoint"] == "service"
    service = next(c for c in data["cells"] if c["touchpoint"] == "service")
    others = [c for c in data["cells"] if c["touchpoint"] != "service"]
    assert service["negative_share"] > max(c["negative_share"] for c in others)
    phrases = [t["phrase"] for t in top["themes"]]
    assert any(word in phrase for phrase in phrases for word in SERVICE_WORDS), phrases
    # Every pain point's themes name things, one theme per spelling ("waiter" and "waiters").
    for pain in data["pain_points"]:
        named = [t["phrase"] for t in pain["themes"]]
        assert not bare_verb_themes(named), (pain["touchpoint"], named)
        assert len({theme_key(p) for p in named}) == len(named), named
    assert len(top["quotes"]) == 3
