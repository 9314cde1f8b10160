"""Two answer types: a scale (a whole number between two labelled ends, e.g. ALTAI's adherence
level) and informational text (read, never answered). Loading, linting, values, progress."""

from typing import Any

import pytest

from app.questionnaire.loader import QuestionnaireInvalid, load_set
from app.questionnaire.model import Questionnaire, QuestionType, questionnaire_from_content
from app.questionnaire.values import AnswerValueError, check_value
from app.questionnaire.visibility import missing_required, progress, visible_keys

SET = """\
key: schaal
version: "1.0"
title: {nl: "Schaal", en: "Scale"}
source: {publisher: "Gemeente Voorbeeld", title: "Test", year: 2026,
         url: "https://voorbeeld.example", licence: "EUPL-1.2"}
sections:
  - key: "1"
    title: {nl: "Eisen", en: "Requirements"}
    questions:
      - key: "1.0"
        type: informational
        text: {nl: "Lees dit eerst.", en: "Read this first."}
      - key: "1.1"
        type: scale
        required: true
        text: {nl: "In welke mate voldoet het systeem?", en: "How far does the system comply?"}
        scale:
          min: 1
          max: 5
          min_label: {nl: "niet", en: "not at all"}
          max_label: {nl: "volledig", en: "fully"}
      - key: "1.2"
        type: text
        text: {nl: "Waarom?", en: "Why?"}
        show_if: {question: "1.1", answered: true}
"""


def loaded(text: str = SET) -> Questionnaire:
    return questionnaire_from_content(load_set(text, "schaal.yaml").content)


def lint_messages(text: str) -> list[str]:
    with pytest.raises(QuestionnaireInvalid) as raised:
        load_set(text, "schaal.yaml")
    return [str(e) for e in raised.value.errors]


def test_the_set_loads_with_its_scale_and_its_informational_text() -> None:
    questionnaire = loaded()
    info, scale = questionnaire.by_key["1.0"], questionnaire.by_key["1.1"]
    assert info.type == QuestionType.INFORMATIONAL and not info.takes_answer
    assert scale.scale is not None
    assert list(scale.scale.points) == [1, 2, 3, 4, 5]
    assert scale.scale.max_label is not None and scale.scale.max_label["en"] == "fully"


@pytest.mark.parametrize(
    ("value", "stored"), [(3, 3), ("4", 4), (" 5 ", 5), (1, 1), ("", None), (None, None)]
)
def test_a_scale_takes_whole_numbers_within_its_ends(value: Any, stored: int | None) -> None:
    assert check_value(loaded().by_key["1.1"], value) == stored


@pytest.mark.parametrize("value", [0, 6, "6", 2.5, "drie", True, "²", [3], {"v": 3}])
def test_anything_else_is_refused_with_the_range(value: Any) -> None:
    with pytest.raises(AnswerValueError, match="from 1 to 5"):
        check_value(loaded().by_key["1.1"], value)


def test_informational_text_takes_no_answer() -> None:
    with pytest.raises(AnswerValueError, match="takes no answer"):
        check_value(loaded().by_key["1.0"], "anything")


def test_informational_text_is_not_counted_in_progress() -> None:
    questionnaire = loaded()
    answers = {"1.1": 4}
    visible = visible_keys(questionnaire, answers)
    assert "1.2" in visible
    done = progress(questionnaire.questions, visible, answers)
    assert (done.answered, done.required, done.required_answered) == (1, 1, 1)
    assert missing_required(questionnaire, {}) == [questionnaire.by_key["1.1"]]


def test_a_scale_without_its_ends_is_refused() -> None:
    text = SET.replace(
        """        scale:
          min: 1
          max: 5
          min_label: {nl: "niet", en: "not at all"}
          max_label: {nl: "volledig", en: "fully"}
""",
        "",
    )
    assert any("scale" in m for m in lint_messages(text))


def test_a_scale_whose_ends_are_the_wrong_way_round_is_refused() -> None:
    messages = lint_messages(SET.replace("min: 1\n          max: 5", "min: 5\n          max: 1"))
    assert any("must have min below max" in m for m in messages)


def test_informational_text_cannot_be_required_or_conditional() -> None:
    required = SET.replace(
        "        type: informational\n", "        type: informational\n        required: true\n"
    )
    assert lint_messages(required)


def test_nothing_can_depend_on_informational_text() -> None:
    text = SET.replace(
        'show_if: {question: "1.1", answered: true}', 'show_if: {question: "1.0", answered: true}'
    )
    assert any("informational" in m for m in lint_messages(text))


def test_a_condition_on_a_scale_uses_answered() -> None:
    text = SET.replace(
        'show_if: {question: "1.1", answered: true}', 'show_if: {question: "1.1", equals: "3"}'
    )
    assert any("use answered: true" in m for m in lint_messages(text))


def test_not_even_an_empty_answer_is_taken_by_informational_text() -> None:
    with pytest.raises(AnswerValueError, match="takes no answer"):
        check_value(loaded().by_key["1.0"], None)


def test_a_posted_scale_point_becomes_a_whole_number() -> None:
    from app.web.forms import answer_from_form

    scale = loaded().by_key["1.1"]
    assert answer_from_form(scale, ["5"]) == 5
    assert answer_from_form(scale, [""]) is None
    assert answer_from_form(scale, ["vijf"]) == "vijf"  # refused by check_value, with a message
