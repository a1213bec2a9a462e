"""Real SurveyJS (survey-core in node) loads the published corpus and evaluates its conditions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.surveyjs_node import runner
from tests.surveyjs_node.runner import surveyjs_reports as surveyjs

CORPUS_DIR = Path(__file__).parent / "data" / "surveyjs_corpus"
CORPUS_FILES = sorted(path for path in CORPUS_DIR.glob("*.json") if path.name != "sources.json")

# Definitions that SurveyJS itself reports jsonErrors for, exactly as they were published:
# two documentation samples give an html element no name, one documentation sample gives its
# elements no type, and an old website sample puts colCount on a dropdown.
PUBLISHED_WITH_JSON_ERRORS = {
    "docs-multipage-product-satisfaction": ["The property 'name' is required in class 'html'."],
    "docs-quiz-american-history": ["The property 'name' is required in class 'html'."],
    "docs-predefine-names-untyped": [
        "The property type is missing in the object. Please take a look at property: 'elements'.",
    ]
    * 2,
    "questiontype-dropdown": ["Unknown property in class 'dropdown': 'colCount'."],
}


def corpus_survey(stem: str) -> dict[str, Any]:
    """One corpus definition, parsed."""
    survey: dict[str, Any] = json.loads((CORPUS_DIR / f"{stem}.json").read_text(encoding="utf-8"))
    return survey


def question(report: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The report's entry for one question."""
    matches: list[dict[str, Any]] = [q for q in report["questions"] if q["name"] == name]
    assert len(matches) == 1, f"{name} in {report['id']}"
    return matches[0]


def test_every_corpus_file_names_its_published_source_under_a_license_we_may_ship() -> None:
    sources = json.loads((CORPUS_DIR / "sources.json").read_text(encoding="utf-8"))

    assert len(CORPUS_FILES) >= 40
    assert sorted(sources) == [path.name for path in CORPUS_FILES]
    for name, source in sources.items():
        assert source["repo"].startswith("surveyjs/"), name
        assert source["path"] and len(source["commit"]) == 40, name
        # Only files we may redistribute: a repository that states no license grants nothing.
        assert source["license"] == "MIT", name
    sources_md = (CORPUS_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"`{path.name}`" in sources_md for path in CORPUS_FILES)


def test_survey_core_loads_every_corpus_definition_and_records_its_json_errors() -> None:
    items = [{"id": path.stem, "survey": json.loads(path.read_text())} for path in CORPUS_FILES]

    reports = surveyjs(items)

    assert [report["id"] for report in reports] == [path.stem for path in CORPUS_FILES]
    assert [report for report in reports if "error" in report] == []
    with_errors = {report["id"]: report["jsonErrors"] for report in reports if report["jsonErrors"]}
    assert with_errors == PUBLISHED_WITH_JSON_ERRORS
    well_formed = [report for report in reports if not report["jsonErrors"]]
    assert len(well_formed) >= 0.9 * len(reports)
    for report in well_formed:
        assert report["pages"] and report["questions"], report["id"]


def test_one_bad_item_yields_an_error_report_and_the_batch_goes_on() -> None:
    kids = corpus_survey("condition-kids")
    items = [
        {"id": "before", "survey": kids},
        {"id": "broken", "survey": kids, "answers": "not a mapping of answers"},
        {"id": "after", "survey": kids},
    ]

    reports = surveyjs(items)

    assert [report["id"] for report in reports] == ["before", "broken", "after"]
    assert "error" in reports[1] and "questions" not in reports[1]
    assert question(reports[2], "haveKids")["type"] == "radiogroup"


def test_setting_an_answer_changes_what_survey_core_shows() -> None:
    kids = corpus_survey(
        "condition-kids"
    )  # kids: visibleIf "{haveKids}='Yes'", kid2Age: {kids} >= 2
    product = corpus_survey("docs-multipage-product-satisfaction")  # pages: {satisfaction-score}
    items = [
        {"id": "kids-unanswered", "survey": kids},
        {"id": "kids-one", "survey": kids, "answers": {"haveKids": "Yes", "kids": 1}},
        {"id": "kids-two", "survey": kids, "answers": {"haveKids": "Yes", "kids": 2}},
        {"id": "product-neutral", "survey": product, "answers": {"satisfaction-score": 3}},
        {"id": "product-happy", "survey": product, "answers": {"satisfaction-score": 5}},
    ]

    unanswered, one, two, neutral, happy = surveyjs(items)

    assert question(unanswered, "kids")["isVisible"] is False
    assert question(one, "kids")["isVisible"] is True
    assert question(one, "kids")["choices"] == [1, 2, 3, 4, 5]
    assert question(one, "kid2Age")["isVisible"] is False
    assert question(two, "kid2Age")["isVisible"] is True
    # Page 0 is the start page (firstPageIsStarted), which SurveyJS leaves out of visiblePages.
    _start, score, promoters, neutrals, _detractors = neutral["pages"]
    assert neutral["visiblePages"] == [score, neutrals]
    assert happy["visiblePages"] == [score, promoters]
    assert question(happy, "what-would-make-you-more-satisfied")["isVisible"] is False


def test_without_node_the_harness_fails_in_ci_rather_than_skipping(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runner.shutil, "which", lambda _name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="node is not installed"):
        surveyjs([{"id": "x", "survey": {}}])
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="node is not installed"):
        surveyjs([{"id": "x", "survey": {}}])
