"""What an answer may be for each question type: good values are kept (in the stored form),
bad ones are refused with a message a person can act on, and blanks clear the answer."""

from typing import Any

import pytest

from app.questionnaire.model import Question
from app.questionnaire.values import MAX_TEXT_CHARS, AnswerValueError, check_value
from tests.unit.helpers import in_dutch, small_questionnaire

TEXT, YESNO, CHOICE, DATE, MULTI = "1.1", "1.2", "1.4", "1.5", "2.1"


def question(key: str) -> Question:
    return small_questionnaire().by_key[key]


def refused(key: str, value: Any) -> str:
    with pytest.raises(AnswerValueError) as raised:
        check_value(question(key), value)
    return str(raised.value)


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        (TEXT, "De gemeente gebruikt het systeem voor signalering.", None),
        (TEXT, "  met spaties eromheen  ", None),
        (TEXT, "x" * MAX_TEXT_CHARS, None),
        (YESNO, True, None),
        (YESNO, False, None),
        (CHOICE, "fixed", None),
        (DATE, "2026-01-31", None),
        (DATE, "2028-02-29", None),
        (MULTI, ["elderly"], None),
        (MULTI, ["children", "elderly", "disabled", "other"], None),
    ],
)
def test_good_values_are_kept(key: str, value: Any, stored: Any) -> None:
    assert check_value(question(key), value) == (value if stored is None else stored)


@pytest.mark.parametrize(
    ("key", "blank"),
    [
        (TEXT, None),
        (TEXT, ""),
        (TEXT, "   \n\t "),
        (YESNO, None),
        (CHOICE, ""),
        (CHOICE, None),
        (DATE, ""),
        (DATE, None),
        (MULTI, []),
        (MULTI, None),
    ],
)
def test_a_blank_value_clears_the_answer(key: str, blank: Any) -> None:
    assert check_value(question(key), blank) is None


def test_multichoice_keeps_the_questionnaire_order_and_drops_repeats() -> None:
    chosen = check_value(question(MULTI), ["other", "children", "elderly", "children"])
    assert chosen == ["children", "elderly", "other"]


@pytest.mark.parametrize("value", [42, True, ["een lijst"], {"nl": "tekst"}])
def test_text_must_be_text(value: Any) -> None:
    assert refused(TEXT, value) == "This answer must be text."


def test_text_over_the_limit_says_how_long_it_is_and_what_the_limit_is() -> None:
    message = refused(TEXT, "x" * (MAX_TEXT_CHARS + 1))
    assert message == "This answer is 20001 characters long; the limit is 20000."


@pytest.mark.parametrize("value", ["yes", "ja", "true", 1, 0, []])
def test_yes_no_takes_only_true_or_false(value: Any) -> None:
    assert refused(YESNO, value) == "Answer yes (true) or no (false)."


@pytest.mark.parametrize("value", ["forever", "Pilot", 1, True, ["pilot"]])
def test_choice_takes_only_one_of_its_options(value: Any) -> None:
    assert refused(CHOICE, value) == "Choose one of: pilot, fixed, ongoing."


@pytest.mark.parametrize("value", ["children", {"children": True}, ["children", 3], 7])
def test_multichoice_takes_a_list_of_options(value: Any) -> None:
    assert refused(MULTI, value) == "This answer must be a list of options."


def test_multichoice_names_the_unknown_options() -> None:
    assert refused(MULTI, ["children", "pets", "robots"]) == "Unknown option(s): pets, robots."


@pytest.mark.parametrize("value", ["31-01-2026", "2026-02-30", "morgen", "2026-13-01"])
def test_a_bad_date_is_refused_with_the_expected_form(value: str) -> None:
    assert refused(DATE, value) == f"'{value}' is not a date; use YYYY-MM-DD."


def test_a_long_bad_date_is_quoted_shortly() -> None:
    message = refused(DATE, "volgend jaar, na de evaluatie door de gemeenteraad in het voorjaar")
    assert message == "'volgend jaar, na de evaluatie door de ge' is not a date; use YYYY-MM-DD."


@pytest.mark.parametrize("value", [20260131, True, ["2026-01-31"]])
def test_a_date_must_be_text(value: Any) -> None:
    assert refused(DATE, value) == "Give a date as YYYY-MM-DD."


def test_a_dutch_user_reads_the_message_in_dutch() -> None:
    with in_dutch():
        assert refused(TEXT, 42) == "Dit antwoord moet tekst zijn."
        assert refused(TEXT, "x" * (MAX_TEXT_CHARS + 1)) == (
            "Dit antwoord is 20001 tekens lang; het maximum is 20000."
        )
