// Loads survey definitions into the real SurveyJS model (survey-core) and reports what SurveyJS sees.
//
// Input: JSON lines on stdin, each {"id", "survey": <SurveyJS JSON>, "answers": {name: value} (optional),
//   "steps": [[name, value]…] (optional: answers set one after another, as a respondent gives and
//   changes them; null clears one)}.
// Output: one JSON line per input line, in the same order:
//   {"id", "jsonErrors": [message…], "pages": [name…], "visiblePages": [name…],
//    "questions": [{"name", "type", "page", "isVisible", "isParentVisible", "isRequired",
//                   "choices"?, "rows"?, "columns"?, "items"?, "rateValues"?,
//                   "templateElements"?, "rowsShown"? (each row's visible cells)}],
//    "data": <survey.data: the answers SurveyJS stores, triggers applied>,
//    "json": <the survey as survey-core writes it back: what SurveyJS's editor would save>}
//   With "details": true on an input line, each question also reports "hasErrors" (what SurveyJS
//   would refuse if the respondent moved on now: a required answer missing…) and, for choice
//   questions, "visibleChoices" (the choices offered now: carried forward, "Other"…).
// A line that cannot be read or loaded yields {"id", "error": message} and the batch goes on.
import { createInterface } from "node:readline";
import { Model } from "survey-core";

// survey-core may log through console.log; stdout carries only our JSON lines, so send it to stderr.
console.log = (...args) => console.error(...args);

/** The values of an ItemValue array (choices, matrix rows and columns). */
function itemValues(items) {
  return (items || []).map((item) => item.value);
}

/** What SurveyJS reports about one question after the answers were set (with details: its
 * errors if the respondent moved on now, and the choices it offers now). */
function describeQuestion(question, details) {
  const type = question.getType();
  const described = {
    name: question.name,
    type,
    page: question.page ? question.page.name : null,
    isVisible: question.isVisible,
    // False when a containing panel or page is hidden, which hides the question for the respondent.
    isParentVisible: question.isParentVisible,
    isRequired: question.isRequired,
  };
  if (Array.isArray(question.choices) && type !== "matrixdropdown" && type !== "matrixdynamic") {
    described.choices = itemValues(question.choices);
  }
  if (type === "matrix") {
    described.rows = itemValues(question.rows);
    described.columns = itemValues(question.columns);
  } else if (type === "matrixdropdown") {
    described.rows = itemValues(question.rows);
    described.columns = question.columns.map((column) => column.name);
  } else if (type === "matrixdynamic") {
    described.columns = question.columns.map((column) => column.name);
    // Each row's cells SurveyJS shows (a column's visibleIf holds row by row).
    described.rowsShown = question.visibleRows.map((row) =>
      row.cells.filter((cell) => cell.question.isVisible).map((cell) => cell.column.name),
    );
  } else if (type === "paneldynamic") {
    described.templateElements = question.templateElements.map((element) => element.name);
    described.rowsShown = question.panels.map((panel) =>
      panel.questions.filter((inner) => inner.isVisible).map((inner) => inner.name),
    );
  } else if (type === "multipletext") {
    described.items = question.items.map((item) => item.name);
  } else if (type === "rating") {
    described.rateValues = itemValues(question.visibleRateValues);
  }
  if (details) {
    described.hasErrors = question.hasErrors(false);
    if (Array.isArray(question.visibleChoices)) {
      described.visibleChoices = itemValues(question.visibleChoices);
    }
  }
  return described;
}

/** True for a plain JSON object (not an array, not null). */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Loads one input item into a fresh Model and describes it. */
function check(item) {
  if (!isObject(item.survey)) throw new TypeError("survey must be a JSON object");
  if (item.answers !== undefined && !isObject(item.answers)) {
    throw new TypeError("answers must be a JSON object of question name to value");
  }
  if (item.steps !== undefined && !Array.isArray(item.steps)) {
    throw new TypeError("steps must be a JSON array of [name, value] pairs");
  }
  const survey = new Model(item.survey);
  const answers = item.answers || {};
  for (const [name, value] of Object.entries(answers)) {
    survey.setValue(name, value);
  }
  for (const [name, value] of item.steps || []) {
    if (value === null) survey.clearValue(name);
    else survey.setValue(name, value);
  }
  return {
    id: item.id,
    jsonErrors: (survey.jsonErrors || []).map((error) => String(error.message)),
    pages: survey.pages.map((page) => page.name),
    visiblePages: survey.visiblePages.map((page) => page.name),
    questions: survey.getAllQuestions().map((question) => describeQuestion(question, item.details === true)),
    data: survey.data,
    json: survey.toJSON(),
  };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let id = null;
  let result;
  try {
    const item = JSON.parse(line);
    id = item && item.id !== undefined ? item.id : null;
    result = check(item);
  } catch (error) {
    result = { id, error: String((error && error.message) || error) };
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}
