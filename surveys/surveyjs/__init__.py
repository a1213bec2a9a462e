"""SurveyJS JSON in and out, so questionnaires move between Journeymap and that ecosystem.

``read_survey`` reads a SurveyJS survey into questions and lists two things: what it left out
because it changes neither what is asked nor what is stored (layout, SurveyJS's button texts,
timers, translations: ``dropped``), and every element that cannot be represented, by page and
element name (``problems``). ``import_survey`` raises ``SurveyJSRefused`` when there are
problems; ``create_draft`` makes a draft survey of what was read. ``export_version`` writes
standard SurveyJS JSON that survey-core loads without warnings and SurveyJS's editor keeps.
The mapping table is in docs/surveyjs.md.
"""

from __future__ import annotations

from surveys.surveyjs.importing import MAX_JSON_BYTES, create_draft, parse_json
from surveys.surveyjs.reading import SurveyJSImport, SurveyJSRefused, read_survey
from surveys.surveyjs.writing import export_losses, export_specs, export_version

__all__ = [
    "MAX_JSON_BYTES",
    "SurveyJSImport",
    "SurveyJSRefused",
    "create_draft",
    "export_losses",
    "export_specs",
    "export_version",
    "import_survey",
    "parse_json",
    "read_survey",
]


def import_survey(data: object) -> SurveyJSImport:
    """What an import makes of ``data`` (parsed JSON); SurveyJSRefused lists every problem."""
    result = read_survey(data)
    if result.problems:
        raise SurveyJSRefused(result)
    return result
