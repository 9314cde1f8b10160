"""The shipped ALTAI set: fundamental rights first, then the seven requirements in ALTAI's order
with their sub-topics, each closed by one required adherence level on a 1-5 scale."""

import re

import pytest

from app.questionnaire.loader import load_file
from app.questionnaire.model import Questionnaire, QuestionType, questionnaire_from_content
from app.questionnaire.visibility import missing_required
from app.settings import PROJECT_ROOT

ALTAI_PATH = PROJECT_ROOT / "questionnaires" / "altai" / "1.0.yaml"

REQUIREMENTS = [
    "Human agency and oversight",
    "Technical robustness and safety",
    "Privacy and data governance",
    "Transparency",
    "Diversity, non-discrimination and fairness",
    "Societal and environmental well-being",
    "Accountability",
]
# ALTAI's sub-topics per part: fundamental rights has four rights, requirement 2 four topics...
SUB_TOPICS = {
    "0": {1, 2, 3, 4},
    "1": {1, 2},
    "2": {1, 2, 3, 4},
    "3": {1, 2},
    "4": {1, 2, 3},
    "5": {1, 2, 3},
    "6": {1, 2, 3},
    "7": {1, 2},
}


@pytest.fixture(scope="module")
def altai() -> Questionnaire:
    return questionnaire_from_content(load_file(ALTAI_PATH).content)


def test_fundamental_rights_come_first_then_the_seven_requirements_in_order(
    altai: Questionnaire,
) -> None:
    assert altai.ref == "altai@1.0"
    assert [s.key for s in altai.sections] == [str(n) for n in range(8)]
    first, *requirements = altai.sections
    assert first.title["en"] == "Fundamental rights"
    assert [s.title["en"] for s in requirements] == REQUIREMENTS
    assert all(q.type != QuestionType.SCALE for q in first.questions)


def test_each_requirement_has_exactly_one_required_adherence_scale(
    altai: Questionnaire,
) -> None:
    for section in altai.sections[1:]:
        scales = [q for q in section.questions if q.type == QuestionType.SCALE]
        assert len(scales) == 1, section.key
        level = scales[0]
        assert level.key == f"{section.key}.9.1"
        assert level.required and level.show_if is None
        assert level.scale is not None
        assert list(level.scale.points) == [1, 2, 3, 4, 5]
        assert level.scale.min_label is not None and level.scale.max_label is not None
        assert (level.scale.min_label["en"], level.scale.max_label["en"]) == (
            "not met",
            "fully met",
        )
        # Followed by the reasons and planned improvements, which are optional.
        reasons = altai.by_key[f"{section.key}.9.2"]
        assert (reasons.type, reasons.required) == (QuestionType.TEXT, False)
        assert section.questions[-2:] == (level, reasons)


def test_every_part_opens_with_informational_text(altai: Questionnaire) -> None:
    for section in altai.sections:
        intro = section.questions[0]
        assert (intro.key, intro.type) == (f"{section.key}.0", QuestionType.INFORMATIONAL)
        assert not intro.takes_answer
    informational = [q.key for q in altai.questions if not q.takes_answer]
    assert informational == [f"{s.key}.0" for s in altai.sections]


def test_keys_follow_part_sub_topic_question(altai: Questionnaire) -> None:
    for section in altai.sections:
        keys = [q.key for q in section.questions[1:] if not q.key.startswith(f"{section.key}.9.")]
        for key in keys:
            assert re.fullmatch(rf"{section.key}\.[1-4]\.[1-9]", key), key
        assert {int(k.split(".")[1]) for k in keys} == SUB_TOPICS[section.key]
        # Within a sub-topic the questions are numbered 1, 2, 3... without gaps.
        for topic in SUB_TOPICS[section.key]:
            numbers = [int(k.split(".")[2]) for k in keys if k.split(".")[1] == str(topic)]
            assert numbers == list(range(1, len(numbers) + 1)), (section.key, topic)


def test_the_set_uses_every_answer_type_it_needs_and_stays_a_manageable_size(
    altai: Questionnaire,
) -> None:
    answerable = [q for q in altai.questions if q.takes_answer]
    assert 45 <= len(answerable) <= 80
    assert {q.type for q in answerable} >= {
        QuestionType.YESNO,
        QuestionType.CHOICE,
        QuestionType.MULTICHOICE,
        QuestionType.TEXT,
        QuestionType.SCALE,
    }
    assert any(q.show_if is not None for q in answerable)
    for question in altai.questions:
        assert question.text["nl"] != question.text["en"], question.key


def test_with_nothing_answered_the_seven_levels_are_among_the_missing(
    altai: Questionnaire,
) -> None:
    missing = {q.key for q in missing_required(altai, {})}
    assert {f"{n}.9.1" for n in range(1, 8)} <= missing
    assert not any(key.endswith(".9.2") or key.endswith(".0") for key in missing)


def test_human_oversight_serves_art27_e(altai: Questionnaire) -> None:
    oversight = [q for q in altai.questions if q.key.startswith("1.2.")]
    assert oversight and all("e" in q.art27 for q in oversight)
    assert all(not q.art27 for q in altai.questions if q.type == QuestionType.INFORMATIONAL)


def test_the_source_is_altai_and_the_wording_is_ours(altai: Questionnaire) -> None:
    source = altai.source
    assert (
        source.publisher
        == "High-Level Expert Group on Artificial Intelligence (European Commission)"
    )
    assert source.title.startswith(
        "Assessment List for Trustworthy Artificial Intelligence (ALTAI)"
    )
    assert source.year == 2020
    assert source.url.startswith("https://digital-strategy.ec.europa.eu/")
    assert source.licence == "EUPL-1.2 (our wording)"
    assert source.note is not None and "own wording" in source.note
    assert altai.description is not None and "R.9.1" in altai.description["en"]
