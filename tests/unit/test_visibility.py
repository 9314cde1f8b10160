"""Which questions are asked (`show_if`), progress over the asked ones, and what is still
missing before a revision can be submitted."""

from typing import Any

import pytest

from app.questionnaire.visibility import missing_required, progress, visible_keys
from tests.unit.helpers import COMPLETE, fria_questionnaire, small_questionnaire

ALWAYS_ASKED = {"1.1", "1.2", "1.4", "2.1"}


def visible(answers: dict[str, Any]) -> set[str]:
    return visible_keys(small_questionnaire(), answers)


def test_without_answers_only_unconditional_questions_are_asked() -> None:
    assert visible({}) == ALWAYS_ASKED


@pytest.mark.parametrize(("dpia", "asked"), [(True, True), (False, False), (None, False)])
def test_equals_true_on_a_yes_no_question(dpia: bool | None, asked: bool) -> None:
    assert ("1.3" in visible({"1.2": dpia})) is asked


@pytest.mark.parametrize(("up_to_date", "asked"), [(False, True), (True, False), (None, False)])
def test_equals_false_on_a_yes_no_question(up_to_date: bool | None, asked: bool) -> None:
    answers = {"1.2": True, "1.3": "Op intranet", "2.3": up_to_date}
    assert ("2.4" in visible(answers)) is asked


@pytest.mark.parametrize(
    ("period", "end_date_asked", "evaluation_asked"),
    [
        ("pilot", True, False),
        ("fixed", True, False),
        ("ongoing", False, True),
        (None, False, False),
    ],
)
def test_choice_with_in_and_with_equals_a_string(
    period: str | None, end_date_asked: bool, evaluation_asked: bool
) -> None:
    shown = visible({"1.4": period})
    assert ("1.5" in shown) is end_date_asked
    assert ("1.6" in shown) is evaluation_asked


@pytest.mark.parametrize(
    ("groups", "asked"),
    [
        (["other"], True),
        (["children", "other"], True),
        (["children", "elderly"], False),
        ([], False),
        (None, False),
    ],
)
def test_in_on_a_multichoice_question(groups: list[str] | None, asked: bool) -> None:
    assert ("2.2" in visible({"2.1": groups})) is asked


@pytest.mark.parametrize(("location", "asked"), [("Op intranet", True), ("", False), (None, False)])
def test_answered_means_a_non_empty_answer(location: str | None, asked: bool) -> None:
    assert ("2.3" in visible({"1.2": True, "1.3": location})) is asked


def test_a_follow_up_of_a_hidden_question_is_hidden_down_the_whole_chain() -> None:
    # 1.3, 2.3 and 2.4 were answered while 1.2 was yes; then 1.2 became no.
    answers = {"1.2": False, "1.3": "Op intranet", "2.3": False, "2.4": "2027-01-01"}
    assert visible(answers) == ALWAYS_ASKED
    answers["1.2"] = True
    assert visible(answers) == ALWAYS_ASKED | {"1.3", "2.3", "2.4"}


def test_progress_counts_only_the_questions_that_are_asked() -> None:
    questionnaire = small_questionnaire()
    answers = {
        "1.1": "Herkent zwerfafval.",
        "1.2": False,
        "1.3": "Een antwoord van toen 1.2 nog ja was",  # hidden now: does not count
        "1.4": "ongoing",
        "1.6": "",  # asked, optional, empty: not answered
    }
    result = progress(questionnaire.questions, visible_keys(questionnaire, answers), answers)
    assert (result.answered, result.required, result.required_answered) == (3, 4, 3)
    assert result.missing == 1  # 2.1


def test_progress_grows_when_a_follow_up_becomes_required() -> None:
    questionnaire = small_questionnaire()
    answers = {"1.2": True}
    result = progress(questionnaire.questions, visible_keys(questionnaire, answers), answers)
    assert (result.answered, result.required, result.required_answered) == (1, 5, 1)


def test_missing_required_lists_asked_unanswered_required_questions_in_order() -> None:
    questionnaire = small_questionnaire()
    assert [q.key for q in missing_required(questionnaire, {})] == ["1.1", "1.2", "1.4", "2.1"]
    answers = {**COMPLETE, "1.2": True, "1.4": "pilot", "2.1": ["other"], "1.6": ""}
    assert [q.key for q in missing_required(questionnaire, answers)] == ["1.3", "1.5", "2.2"]
    assert missing_required(questionnaire, COMPLETE) == []


def test_empty_answers_count_as_missing() -> None:
    answers = {**COMPLETE, "1.1": "", "2.1": []}
    assert [q.key for q in missing_required(small_questionnaire(), answers)] == ["1.1", "2.1"]


def test_the_fria_asks_for_the_dpia_only_when_there_is_one() -> None:
    fria = fria_questionnaire()
    assert "0.6" not in {q.key for q in missing_required(fria, {"0.5": False})}
    assert "0.6" in {q.key for q in missing_required(fria, {"0.5": True})}
    assert "b.3" in {q.key for q in missing_required(fria, {"b.2": "pilot"})}
    assert "b.3" not in {q.key for q in missing_required(fria, {"b.2": "indefinite"})}
