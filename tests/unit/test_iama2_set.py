"""The shipped IAMA 2.0 set: five parts in the official order, a stop after the prohibited-AI
check that hides the rest, a branch on whether the algorithm is self-learning, a list of rights
assessed row by row, action points closing every part, and every art. 27(1) element covered."""

from typing import Any

import pytest

from app.questionnaire.loader import load_file
from app.questionnaire.model import (
    ColumnType,
    Questionnaire,
    QuestionType,
    questionnaire_from_content,
)
from app.questionnaire.visibility import missing_required, visible_keys
from app.settings import PROJECT_ROOT

IAMA2_PATH = PROJECT_ROOT / "questionnaires" / "iama-2" / "2.0.yaml"

PARTS = ["Why?", "What?", "How?", "Fundamental rights", "Conclusion"]
PROHIBITED = "1.3.1"
STOP = "1.3.3"
SELF_LEARNING = "2.1.1.1"
RIGHTS = "4.1.1.1"
RIGHTS_TABLE = "4.3.3"


@pytest.fixture(scope="module")
def iama() -> Questionnaire:
    return questionnaire_from_content(load_file(IAMA2_PATH).content)


def keys_in(iama: Questionnaire, section: str) -> set[str]:
    found = iama.section(section)
    assert found is not None
    return {q.key for q in found.questions}


def test_five_parts_in_the_official_order(iama: Questionnaire) -> None:
    assert iama.ref == "iama-2@2.0"
    assert [s.key for s in iama.sections] == ["1", "2", "3", "4", "5"]
    assert [s.title["en"] for s in iama.sections] == PARTS
    assert iama.review_interval_months == 12
    # Keys carry the part's number, like the official instrument.
    for section in iama.sections:
        assert all(q.key.startswith(f"{section.key}.") for q in section.questions)


def test_the_prohibited_practices_check_is_a_required_yes_no_in_part_1(
    iama: Questionnaire,
) -> None:
    check = iama.by_key[PROHIBITED]
    assert (check.section_key, check.type, check.required) == ("1", QuestionType.YESNO, True)
    assert check.legal_reference is not None and "art. 5" in check.legal_reference
    assert check.urn == "urn:nl:aivt:tr:iama:2.0:1.3.1"
    stop = iama.by_key[STOP]
    assert stop.type == QuestionType.INFORMATIONAL and not stop.takes_answer
    assert stop.show_if is not None
    assert (stop.show_if.question, stop.show_if.equals) == (PROHIBITED, True)
    for section in iama.sections[1:]:
        assert section.show_if is not None, section.key
        assert (section.show_if.question, section.show_if.equals) == (PROHIBITED, False)


def test_a_prohibited_practice_stops_the_assessment(iama: Questionnaire) -> None:
    later_parts = set().union(*(keys_in(iama, s) for s in "2345"))

    unanswered = visible_keys(iama, {})
    assert STOP not in unanswered and not unanswered & later_parts

    prohibited = visible_keys(iama, {PROHIBITED: True})
    assert STOP in prohibited
    assert not prohibited & later_parts
    # Nothing after the stop is missing: the team is done.
    missing = {q.key for q in missing_required(iama, {PROHIBITED: True})}
    assert not missing & later_parts

    allowed = visible_keys(iama, {PROHIBITED: False})
    assert STOP not in allowed
    assert {"2.1.1.1", "3.1.1", "4.1.3", "5.B", "5.actiepunten"} <= allowed


def test_whether_the_algorithm_is_self_learning_selects_2_2a_or_2_2b(
    iama: Questionnaire,
) -> None:
    branch = iama.by_key[SELF_LEARNING]
    assert branch.type == QuestionType.CHOICE and branch.required
    assert [o.value for o in branch.options] == ["self-learning", "not-self-learning"]
    rules = {k for k in keys_in(iama, "2") if k.startswith("2.2A.")}
    model = {k for k in keys_in(iama, "2") if k.startswith("2.2B.")}
    # As in the official IAMA 2.0: 2.2A is about decision rules, 2.2B about a trained model.
    assert rules == {"2.2A.1", "2.2A.2", "2.2A.3"}
    assert model == {"2.2B.1", "2.2B.2", "2.2B.3", "2.2B.4"}

    base: dict[str, Any] = {PROHIBITED: False}
    neither = visible_keys(iama, base)
    assert not neither & (rules | model)
    learning = visible_keys(iama, {**base, SELF_LEARNING: "self-learning"})
    assert model <= learning and not rules & learning
    not_learning = visible_keys(iama, {**base, SELF_LEARNING: "not-self-learning"})
    assert rules <= not_learning and not model & not_learning
    # The questions after the branch are asked either way.
    assert {"2.3.1", "2.4.1", "2.5.2"} <= learning & not_learning


def test_about_thirty_rights_to_choose_from_each_in_dutch_and_english(
    iama: Questionnaire,
) -> None:
    rights = iama.by_key[RIGHTS]
    assert rights.type == QuestionType.MULTICHOICE
    assert 30 <= len(rights.options) <= 45
    values = [o.value for o in rights.options]
    assert len(set(values)) == len(values)
    assert {
        "human-dignity",
        "data-protection",
        "indirect-discrimination",
        "good-administration",
        "effective-remedy",
        "rights-of-the-child",
        "social-security",
    } <= set(values)
    for option in rights.options:
        assert option.label.nl and option.label.en and option.label.nl != option.label.en
    # The positive-impact list offers the same rights.
    assert iama.by_key["4.1.2.1"].options == rights.options


def test_each_affected_right_is_assessed_in_a_row_of_the_rights_table(
    iama: Questionnaire,
) -> None:
    table = iama.by_key[RIGHTS_TABLE]
    assert table.type == QuestionType.TABLE and table.required
    columns = {c.key: c for c in table.columns}
    assert list(columns) == ["right", "scenario", "severity", "measures"]
    assert columns["right"].type == ColumnType.CHOICE
    assert columns["right"].options == iama.by_key[RIGHTS].options
    assert columns["scenario"].type == ColumnType.TEXT
    assert [o.value for o in columns["severity"].options] == ["light", "medium", "serious"]
    assert columns["measures"].type == ColumnType.TEXT

    # Severity, effectiveness and necessity are asked once a right is chosen.
    weighing = {"4.3.1", "4.3.2", RIGHTS_TABLE, "4.4.1", "4.4.2", "4.5.1", "4.5.4"}
    base: dict[str, Any] = {PROHIBITED: False}
    assert not visible_keys(iama, base) & weighing
    assert weighing <= visible_keys(iama, {**base, RIGHTS: ["data-protection"]})
    # Specific legislation is asked in any case.
    assert {"4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5"} <= visible_keys(iama, base)

    answers = {**base, RIGHTS: ["profiling"], RIGHTS_TABLE: [{"right": "profiling"}]}
    assert RIGHTS_TABLE in {q.key for q in missing_required(iama, answers)}
    row = {"right": "profiling", "scenario": "Selectie op kenmerken", "severity": "medium"}
    answers[RIGHTS_TABLE] = [row]
    assert RIGHTS_TABLE not in {q.key for q in missing_required(iama, answers)}


def test_every_part_ends_with_its_action_points(iama: Questionnaire) -> None:
    for section in iama.sections:
        last = section.questions[-1]
        assert (last.key, last.type) == (f"{section.key}.actiepunten", QuestionType.ACTIONS)
        assert [c.key for c in last.columns] == ["action", "owner", "due", "status"]
    actions = [q.key for q in iama.questions if q.type == QuestionType.ACTIONS]
    assert actions == [f"{n}.actiepunten" for n in "12345"]


def test_every_art27_element_is_served_by_a_question(iama: Questionnaire) -> None:
    served: dict[str, list[str]] = {element: [] for element in "abcdef"}
    for question in iama.questions:
        for element in question.art27:
            served[element].append(question.key)
    assert all(served.values()), served
    assert "3.1.1" in served["a"]
    assert {"3.1.2", "3.1.3"} <= set(served["b"])
    assert "3.5.1" in served["c"]
    assert {"3.5.2", RIGHTS_TABLE} <= set(served["d"])
    assert {"3.2.1", "3.2.2"} <= set(served["e"])
    assert {"3.4.1", "3.4.3"} <= set(served["f"])
    assert not any(q.art27 for q in iama.questions if not q.takes_answer)


def test_every_text_is_in_dutch_and_english_and_they_differ(iama: Questionnaire) -> None:
    texts = [iama.title, *(s.title for s in iama.sections)]
    texts += [s.description for s in iama.sections if s.description]
    for question in iama.questions:
        texts += [question.text, *([question.guidance] if question.guidance else [])]
        texts += [o.label for o in question.options]
        # Action points have Levend's built-in columns; the set's own are a table's.
        for column in question.columns if question.type == QuestionType.TABLE else ():
            texts += [column.label, *(o.label for o in column.options)]
            if column.matrix:
                texts += [o.label for o in (*column.matrix.likelihood, *column.matrix.severity)]
    for text in texts:
        assert text.nl.strip() and text.en.strip()
        assert text.nl != text.en, text.en
    question_texts = [q.text["nl"] for q in iama.questions]
    assert len(set(question_texts)) == len(question_texts)


def test_keys_and_urns_follow_the_official_numbering(iama: Questionnaire) -> None:
    for question in iama.questions:
        if question.type in (QuestionType.ACTIONS, QuestionType.INFORMATIONAL):
            assert question.urn is None, question.key
        else:
            assert question.urn == f"urn:nl:aivt:tr:iama:2.0:{question.key}"
    answerable = [q for q in iama.questions if q.takes_answer]
    assert 70 <= len(answerable) <= 100


def test_the_source_is_the_ministry_and_the_wording_is_ours(iama: Questionnaire) -> None:
    source = iama.source
    assert source.publisher == "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    assert "IAMA" in source.title and "2.0" in source.title
    assert source.year == 2026
    assert source.url.startswith("https://www.rijksoverheid.nl/")
    assert source.licence == "EUPL-1.2"
    assert source.note is not None and "own wording" in source.note


def test_iama_2_is_a_set_of_its_own_so_no_iama_1_answer_is_carried_into_it() -> None:
    """IAMA 2.0 renumbers and reshapes the questions: under the key of 1.0 an upgrade would carry
    answers by key into questions that ask something else."""
    iama_1 = load_file(PROJECT_ROOT / "questionnaires" / "iama" / "1.0.yaml").content
    iama_2 = load_file(IAMA2_PATH).content
    assert iama_1["key"] == "iama" and iama_2["key"] == "iama-2"
