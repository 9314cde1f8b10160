"""Answer types with structure: a table of rows (repeatable group), a risk rating on a
likelihood x severity matrix, and action points; and the conditions that combine answers
(any / all / not, at least N chosen) or hide a whole section. Loading, linting, values, form
fields, progress, diff."""

from pathlib import Path
from typing import Any

import pytest

from app.diff.revisions import Status, diff_answer, diff_rows
from app.questionnaire.loader import QuestionnaireInvalid, load_set
from app.questionnaire.model import (
    ColumnType,
    Questionnaire,
    QuestionType,
    RiskLevel,
    questionnaire_from_content,
)
from app.questionnaire.values import AnswerValueError, check_value
from app.questionnaire.visibility import missing_required, progress, visible_keys
from app.web.forms import answer_from_form

REGISTER_PATH = Path(__file__).parents[1] / "fixtures" / "questionnaires" / "register.yaml"
SET = REGISTER_PATH.read_text(encoding="utf-8")


def loaded(text: str = SET) -> Questionnaire:
    return questionnaire_from_content(load_set(text, "register.yaml").content)


def lint_messages(text: str) -> list[str]:
    with pytest.raises(QuestionnaireInvalid) as raised:
        load_set(text, "register.yaml")
    return [str(e) for e in raised.value.errors]


def broken(old: str, new: str) -> str:
    assert old in SET, old
    return SET.replace(old, new, 1)


# --- loading and linting -------------------------------------------------------------------


def test_the_set_loads_with_its_table_risk_and_action_points() -> None:
    q = loaded()
    table, risk, actions = q.by_key["2.2"], q.by_key["2.1"], q.by_key["2.3"]
    assert (table.type, risk.type, actions.type) == (
        QuestionType.TABLE,
        QuestionType.RISK,
        QuestionType.ACTIONS,
    )
    assert [c.type for c in table.columns] == [
        ColumnType.TEXT,
        ColumnType.CHOICE,
        ColumnType.RISK,
        ColumnType.DATE,
    ]
    assert table.max_rows == 3 and actions.max_rows == 50
    # Action points bring their own columns.
    assert [c.key for c in actions.columns] == ["action", "owner", "due", "status"]
    assert q.sections[1].show_if is not None


@pytest.mark.parametrize(
    ("likelihood", "severity", "level"),
    [
        ("low", "low", RiskLevel.LOW),
        ("low", "medium", RiskLevel.LOW),
        ("medium", "medium", RiskLevel.MEDIUM),
        ("low", "high", RiskLevel.MEDIUM),
        ("medium", "high", RiskLevel.HIGH),
        ("high", "high", RiskLevel.HIGH),
    ],
)
def test_a_rating_comes_to_a_level_by_its_place_on_the_matrix(
    likelihood: str, severity: str, level: RiskLevel
) -> None:
    matrix = loaded().by_key["2.1"].matrix
    assert matrix is not None
    assert matrix.level(likelihood, severity) == level
    assert matrix.level(severity, likelihood) == level


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("type: actions", "type: tabel", "unknown question type 'tabel'"),
        (
            '            label: {nl: "Grondrecht", en: "Right"}\n            type: choice\n',
            '            label: {nl: "Grondrecht", en: "Right"}\n            type: choice\n'
            "            matrix: *lmh\n",
            "columns/1",
        ),
        ("          - key: right\n", "          - key: risk\n", "has two columns 'risk'"),
        ("        max_rows: 3\n", "        max_rows: 0\n", "max_rows: 0 is less than"),
        (
            '{question: "1.3", min_selected: 2}, {question',
            '{question: "1.1", min_selected: 2}, {question',
            "'min_selected' needs a multichoice; '1.1' is yesno",
        ),
        (
            'show_if: {question: "1.1", equals: false}',
            'show_if: {question: "2.1", answered: true}',
            "show_if of section 2 refers to '2.1', which is not an earlier question",
        ),
        (
            '{not: {question: "1.3", min_selected: 2}}',
            '{not: {question: "9.9", answered: true}}',
            "refers to '9.9', which is not an earlier question",
        ),
        ('{question: "1.1", equals: true}]}', '{question: "1.1", bigger: 3}]}', "show_if"),
    ],
)
def test_the_linter_names_each_mistake_with_its_place(old: str, new: str, message: str) -> None:
    messages = lint_messages(broken(old, new))
    assert any(message in m for m in messages), messages
    assert all(m.startswith("register.yaml:") for m in messages)


def test_a_condition_on_a_table_must_ask_whether_it_is_answered() -> None:
    text = SET + (
        '      - key: "2.4"\n        type: text\n        text: {nl: "X", en: "X"}\n'
        '        show_if: {question: "2.2", equals: "x"}\n'
    )
    assert any("'2.2' is a table: use answered: true" in m for m in lint_messages(text))


# --- values --------------------------------------------------------------------------------


def test_a_risk_rating_keeps_what_is_chosen_even_half() -> None:
    risk = loaded().by_key["2.1"]
    assert check_value(risk, {"likelihood": "high", "severity": "low"}) == {
        "likelihood": "high",
        "severity": "low",
    }
    assert check_value(risk, {"likelihood": "high", "severity": ""}) == {"likelihood": "high"}
    assert check_value(risk, {"likelihood": "", "severity": ""}) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"likelihood": "huge"}, "Choose a likelihood of: low, medium, high"),
        ({"severity": 3}, "Choose a severity of"),
        ({"impact": "low"}, "has a likelihood and a severity"),
        ("high", "has a likelihood and a severity"),
    ],
)
def test_a_bad_rating_is_refused_with_the_levels(value: Any, message: str) -> None:
    with pytest.raises(AnswerValueError, match=message):
        check_value(loaded().by_key["2.1"], value)


def test_table_rows_keep_their_cells_and_lose_empty_ones() -> None:
    table = loaded().by_key["2.2"]
    rows = [
        {"risk": "Bias tegen wijken", "right": "equality", "review": "2027-01-31"},
        {"risk": "  ", "right": "", "inherent": {"likelihood": "", "severity": ""}},
        {"risk": "Lek", "inherent": {"likelihood": "low", "severity": "high"}},
    ]
    assert check_value(table, rows) == [
        {"risk": "Bias tegen wijken", "right": "equality", "review": "2027-01-31"},
        {"risk": "Lek", "inherent": {"likelihood": "low", "severity": "high"}},
    ]
    assert check_value(table, [{}]) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("rows", "must be a list of rows"),
        ([["a"]], "must be a list of rows"),
        ([{"risk": "x", "colour": "red"}], "Row 1 has an unknown column: colour"),
        ([{"risk": "x"}, {"right": "liberty"}], "Row 2, Right: Choose one of"),
        ([{"review": "31-01-2027"}], "Row 1, Review on: '31-01-2027' is not a date"),
        ([{"inherent": {"likelihood": "max"}}], "Row 1, Risk: Choose a likelihood"),
        ([{"risk": "x" * 5001}], "the limit is 5000"),
        ([{"risk": str(n)} for n in range(4)], "at most 3 rows; this answer has 4"),
    ],
)
def test_a_bad_table_is_refused_with_the_row_and_column(value: Any, message: str) -> None:
    with pytest.raises(AnswerValueError, match=message):
        check_value(loaded().by_key["2.2"], value)


def test_action_points_check_their_status_and_date() -> None:
    actions = loaded().by_key["2.3"]
    row = {"action": "Bias-toets", "owner": "Team data", "due": "2027-03-01", "status": "open"}
    assert check_value(actions, [row]) == [row]
    with pytest.raises(AnswerValueError, match="Choose one of: open, in_progress, done"):
        check_value(actions, [row | {"status": "later"}])


# --- form fields ---------------------------------------------------------------------------


def test_posted_cells_fall_into_rows_by_position() -> None:
    table = loaded().by_key["2.2"]
    # risk, right, likelihood, severity, review — twice; the second row cut short.
    cells = ["Bias", "equality", "medium", "high", "2027-01-31", "Lek", "", "low"]
    assert answer_from_form(table, cells) == [
        {
            "risk": "Bias",
            "right": "equality",
            "inherent": {"likelihood": "medium", "severity": "high"},
            "review": "2027-01-31",
        },
        {"risk": "Lek", "right": None, "inherent": {"likelihood": "low"}, "review": None},
    ]
    assert answer_from_form(loaded().by_key["2.1"], ["", "high"]) == {"severity": "high"}


# --- visibility and progress ---------------------------------------------------------------


def test_any_all_not_and_min_selected_decide_the_conclusions() -> None:
    q = loaded()

    def shown(answers: dict[str, Any]) -> set[str]:
        return visible_keys(q, answers) & {"1.2", "1.4", "1.5"}

    assert shown({}) == set()
    assert shown({"1.3": ["a"]}) == {"1.5"}
    assert shown({"1.3": ["a", "c"]}) == {"1.4"}
    assert shown({"1.1": True, "1.3": ["a"]}) == {"1.2", "1.4", "1.5"}


def test_a_stop_answer_hides_the_whole_next_section() -> None:
    q = loaded()
    later = {"2.1", "2.2", "2.3"}
    assert not visible_keys(q, {}) & later
    assert visible_keys(q, {"1.1": False}) >= later
    assert not visible_keys(q, {"1.1": True}) & later
    assert [x.key for x in missing_required(q, {"1.1": True})] == []


def test_a_table_counts_as_answered_only_with_a_complete_row() -> None:
    q = loaded()
    asked = visible_keys(q, {"1.1": False})
    half = {"1.1": False, "2.1": {"likelihood": "low"}, "2.2": [{"risk": "Bias"}]}
    assert progress(q.questions, asked, half).required_answered == 0
    whole = half | {
        "2.1": {"likelihood": "low", "severity": "low"},
        "2.2": [
            {"risk": "Bias"},
            {"risk": "Lek", "inherent": {"likelihood": "low", "severity": "high"}},
        ],
    }
    assert progress(q.questions, asked, whole).required_answered == 2
    assert missing_required(q, whole) == []


# --- diff ----------------------------------------------------------------------------------


def test_rows_are_matched_whole_and_an_edited_row_reads_as_changed() -> None:
    a, b, c = {"risk": "A"}, {"risk": "B"}, {"risk": "C"}
    changes = diff_rows([a, b, c], [a, {"risk": "B2"}, c, {"risk": "D"}])
    assert [x.status for x in changes] == [
        Status.UNCHANGED,
        Status.CHANGED,
        Status.UNCHANGED,
        Status.ADDED,
    ]
    assert changes[1].cell_changed("risk") and changes[1].old == b
    assert [(x.old_number, x.new_number) for x in changes] == [(1, 1), (2, 2), (3, 3), (None, 4)]
    removed_first = diff_rows([a, b], [b])
    assert [x.status for x in removed_first] == [Status.REMOVED, Status.UNCHANGED]
    # Row b moved up: it was row 2 and is row 1 now.
    assert [(x.old_number, x.new_number) for x in removed_first] == [(1, None), (2, 1)]


def test_a_changed_table_answer_carries_its_row_changes() -> None:
    diff = diff_answer("2.2", [{"risk": "A"}], [{"risk": "A"}, {"risk": "B"}])
    assert diff.status == Status.CHANGED and diff.words is None
    assert diff.rows is not None and [r.status for r in diff.rows] == [
        Status.UNCHANGED,
        Status.ADDED,
    ]
    assert diff_answer("2.1", {"likelihood": "low"}, {"likelihood": "high"}).rows is None
