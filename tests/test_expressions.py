"""The condition language: SurveyJS's visibleIf subset, parsed by a small parser (never eval),
evaluated as SurveyJS evaluates it. Expected values below were read from survey-core 2.5.43's
ConditionRunner for the same text and data."""

from __future__ import annotations

import builtins
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys import expressions
from surveys.expressions import And, Compare, ConditionError, Const, Not, Or, Var, holds, parse


def test_and_binds_tighter_than_or_and_parentheses_group() -> None:
    assert parse("{a} = 1 or {b} = 2 and {c} = 3") == Or(
        (
            Compare("=", Var("a"), Const(1.0)),
            And((Compare("=", Var("b"), Const(2.0)), Compare("=", Var("c"), Const(3.0)))),
        )
    )
    grouped = parse("({a} = 1 or {b} = 2) and {c} = 3")
    assert isinstance(grouped, And) and isinstance(grouped.parts[0], Or)


def test_the_example_from_the_brief_reads_and_holds() -> None:
    condition = "{q1} = 'Yes' and ({q2} >= 3 or {q3} contains 'x')"
    assert holds(condition, {"q1": "Yes", "q3": ["x"]})
    assert holds(condition, {"q1": "yes ", "q2": 4})
    assert not holds(condition, {"q1": "Yes", "q2": 2, "q3": ["y"]})
    assert not holds(condition, {"q2": 5})


@pytest.mark.parametrize(
    ("condition", "answers", "surveyjs_says"),
    [
        ("{a} = 1 or {b} = 2 and {c} = 3", {"a": 1, "b": 0, "c": 0}, True),
        ("{a} = 'yes'", {"a": "Yes"}, True),
        ("{a} = '1'", {"a": 1}, True),
        ("{a} = true", {"a": True}, True),
        ("{a} = 'Yes'", {"a": True}, False),
        ("{a} = 'true'", {"a": True}, True),
        ("{a} <> 'x'", {}, True),
        ("{a} > 3", {}, False),
        ("{a} notempty", {"a": 0}, True),
        ("{a} empty", {"a": False}, False),
        ("{a} contains 'B'", {"a": ["A", "b"]}, True),
        ("{a} anyof ['x', 'b']", {"a": ["A", "b"]}, True),
        ("{a} allof ['x', 'b']", {"a": ["A", "b"]}, False),
        ("{a} anyof ['x', 'b']", {"a": "b"}, True),
        ("{a} allof [1, 2]", {"a": [2, 1, 3]}, True),
        ("{a} noneof [1, 2]", {}, True),
        ("{m.r1} >= 3", {"m": {"r1": 4}}, True),
        ("{a} > '10'", {"a": 9}, False),
        ("{a} > '10'", {"a": "9"}, False),
        ("{a} = 1.5", {"a": "1.50"}, True),
        ("{b} = false", {}, False),
        ("{b} != true", {}, True),
        ("{a} empty", {"a": {}}, True),
        ("{m} notempty", {"m": {"r1": None}}, False),
        ("{a} >= 3", {"a": "3"}, True),
        ("{a} < 3", {"a": None}, False),
        ("{a}", {"a": "x"}, False),
        ("{a}", {"a": 1}, True),
        ("{a}", {"a": ["1"]}, True),
        ("{a} or {b}", {"a": "x"}, False),
        ("!{a}", {"a": []}, False),
        ("!{a}", {}, True),
        ("!!{a}", {"a": "x"}, True),
        ("!({a} = 1 or {b} = 1)", {"a": 1, "b": 1}, False),
        ("{a} = 1 and !({b} notempty)", {"a": 1}, True),
        ("{a} contains 5", {"a": 15}, True),
        ("{a} notcontains 'x'", {"a": ""}, True),
        ("{a} = 'x'", {"a": ["x"]}, False),
        ("{a} < 'b'", {"a": "abc"}, True),
        ("{a} < 'B'", {"a": "abc"}, False),
        ("{a} = 'it\\'s'", {"a": "it's"}, True),
        ("{a} = 'say \\\"hi\\\"'", {"a": 'say "hi"'}, True),
        ("{a} = 'back\\\\slash'", {"a": "back\\\\slash"}, True),
        ("{a} =< 3", {"a": 2}, True),
        ("{a} equals 3", {"a": 3}, True),
        ("{a} *= 'x'", {"a": "axb"}, True),
        ("{A} AND {b}", {"A": 1, "b": 1}, True),
        ("{a} = [1, 2]", {"a": [2, 1]}, True),
        ("{a} = null", {}, True),
        ("{a} < '2020-02-01'", {"a": "2020-01-15"}, True),
    ],
)
def test_conditions_hold_exactly_when_surveyjs_says_they_do(
    condition: str, answers: dict[str, Any], surveyjs_says: bool
) -> None:
    assert holds(condition, answers) is surveyjs_says


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("", "at character 1: the condition is empty"),
        ("{a} = 1 and", "at character 12: the condition ends too early"),
        ("{a} = ", "at character 5: '=' needs something to compare with"),
        ("({a} = 1", "at character 9: expected ')' to close the '(' at character 1"),
        ("!{a} = 1", "at character 1: put what '!' negates in parentheses, like !({q1} = 1)"),
        ("{a} > 2 > 1", "compare two things at a time"),
        ("{a} = yes", "'yes' is not a value: write a question as {yes} or a text in quotes"),
        ("{a} + 1 > 2", "'+' is not understood"),
        ("iif({a}, 1, 2)", "functions such as iif() are not supported"),
        ("{a} = 'open", "at character 7: ''' is not understood"),
        ("{a} = 1 andx {b}", "at character 9: expected 'and', 'or' or the end, found 'andx'"),
        ("{} = 1", "'{}' names no question"),
        ("{a} anyof [{b}]", "a list holds values, not questions"),
        ("{a} = 007", "at character 7: '007' is not a number as conditions write them"),
        ("{a} = 1e2", "'1e2' is not a number"),
        ("(" * 60 + "{a}" + ")" * 60, "nested too deeply"),
        ("{a} = 1" + " or {a} = 1" * 300, "a condition is at most 2000 characters"),
    ],
)
def test_malformed_conditions_are_refused_with_where_and_why(condition: str, message: str) -> None:
    with pytest.raises(ConditionError) as refused:
        parse(condition)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    "condition",
    [
        "{q1} = 'Yes' and ({q2} >= 3 or {q3} contains 'x')",
        "!({a} anyof ['x', 'y']) or {b} empty",
        "{agree} = true and {m.row1} <= 2.5",
        "({a} = 1 or {b} = 2) and !{c}",
        "{a} = 'it\\'s \\\"quoted\\\"'",
        "{d} > '2024-01-31' and {n} != -3",
    ],
)
def test_written_conditions_read_back_as_the_same_tree(condition: str) -> None:
    tree = parse(condition)
    assert parse(expressions.to_text(tree)) == tree


def test_a_value_surveyjs_cannot_spell_is_refused_when_written() -> None:
    with pytest.raises(ConditionError, match="backslash before a quote"):
        expressions.to_text(Compare("=", Var("a"), Const("C:\\")))


def test_names_lists_every_answer_a_condition_reads() -> None:
    assert expressions.names(parse("{a} = 1 and !({b.r} empty or {c} anyof [1])")) == {
        "a",
        "b.r",
        "c",
    }


def test_parsing_never_calls_eval_or_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("eval or exec was called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    expressions.parse.cache_clear()
    assert holds("{a} = 1 and !({b} notempty) or {c} = '__import__(\\'os\\')'", {"a": 1})
    with pytest.raises(ConditionError, match="functions such as __import__"):
        parse("__import__('os') = 1")


ATOMS = st.sampled_from(
    ["{a}", "{b.c}", "1", "-2.5", "'x'", '"y"', "true", "null", "['p', 2]", "{}", "'", "0x1"]
)
TOKENS = st.sampled_from(
    ["and", "or", "!", "negate", "(", ")", "=", "<>", ">=", "contains", "anyof", "empty",
     "notempty", "&&", "||", "[", "]", ",", "+", "iif", "\\", "{", "}", " "]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(ATOMS, TOKENS), max_size=25), st.dictionaries(
    st.sampled_from(["a", "b", "b.c"]),
    st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3),
              st.lists(st.sampled_from(["x", "p", 2]), max_size=3)),
))  # fmt: skip
def test_any_token_soup_is_read_or_refused_never_crashes(
    pieces: list[str], answers: dict[str, object]
) -> None:
    text = " ".join(pieces)
    try:
        tree = parse(text)
    except ConditionError as refused:
        assert str(refused)
        return
    assert holds(tree, answers) in (True, False)
    assert parse(expressions.to_text(tree)) == tree


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        tree = parse(text)
    except ConditionError:
        return
    assert isinstance(holds(tree, {}), bool)
    assert isinstance(tree, (Var, Const, Not, And, Or, Compare, expressions.Check,
                             expressions.Array))  # fmt: skip
