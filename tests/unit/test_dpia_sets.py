"""The shipped DPIA and pre-scan sets. The DPIA follows the 17 sections of the Model DPIA
Rijksdienst in the four parts of GDPR art. 35(7), with a risk register scored before and after
measures; the pre-scan shows, from the answers, exactly one conclusion of each pair."""

import itertools
import re
from typing import Any

import pytest

from app.questionnaire.loader import load_file
from app.questionnaire.model import (
    ColumnType,
    Question,
    Questionnaire,
    QuestionType,
    RiskLevel,
    questionnaire_from_content,
)
from app.questionnaire.visibility import missing_required, visible_keys
from app.settings import PROJECT_ROOT

DPIA_PATH = PROJECT_ROOT / "questionnaires" / "dpia" / "1.0.yaml"
PRE_SCAN_PATH = PROJECT_ROOT / "questionnaires" / "pre-scan" / "1.0.yaml"

# GDPR art. 35(7): (a) description, (b) necessity and proportionality, (c) risks, (d) measures.
PARTS = {
    **{str(n): "a" for n in range(1, 11)},
    **{str(n): "b" for n in range(11, 16)},
    "16": "c",
    "17": "d",
}

CRITERIA = [
    "evaluation-scoring",
    "automated-decisions",
    "systematic-monitoring",
    "sensitive-data",
    "large-scale",
    "matching-datasets",
    "vulnerable-data-subjects",
    "innovative-technology",
    "blocks-rights-or-service",
]
# The pre-scan's conclusions, by what they say.
DPIA_NEEDED, NO_DPIA, ONE_CRITERION, WHY_NO_DPIA = "4.1", "4.2", "4.3", "4.4"
IAMA_NEEDED, NO_IAMA, WHY_NO_IAMA = "4.5", "4.6", "4.7"
FRIA_NEEDED, NO_FRIA, FIND_OUT = "4.8", "4.9", "4.10"
CONCLUSIONS = {
    DPIA_NEEDED,
    NO_DPIA,
    ONE_CRITERION,
    IAMA_NEEDED,
    NO_IAMA,
    FRIA_NEEDED,
    NO_FRIA,
    FIND_OUT,
}


@pytest.fixture(scope="module")
def dpia() -> Questionnaire:
    return questionnaire_from_content(load_file(DPIA_PATH).content)


@pytest.fixture(scope="module")
def pre_scan() -> Questionnaire:
    return questionnaire_from_content(load_file(PRE_SCAN_PATH).content)


def register(dpia: Questionnaire) -> Question:
    section = dpia.section("16")
    assert section is not None
    [table] = [q for q in section.questions if q.type == QuestionType.TABLE]
    return table


def shown(pre_scan: Questionnaire, answers: dict[str, Any]) -> set[str]:
    return visible_keys(pre_scan, answers) & CONCLUSIONS


# --- DPIA ----------------------------------------------------------------------------------


def test_the_dpia_has_the_models_17_sections_in_the_four_parts_of_art_35_7(
    dpia: Questionnaire,
) -> None:
    assert dpia.ref == "dpia@1.0"
    assert [s.key for s in dpia.sections] == [str(n) for n in range(1, 18)]
    for section in dpia.sections:
        assert section.legal_reference is not None
        assert f"35(7)({PARTS[section.key]})" in section.legal_reference, section.key
        assert section.description is not None
        part = PARTS[section.key].upper()
        assert section.description["nl"].startswith("Deel " + part), section.key
        assert section.description["en"].startswith("Part " + part), section.key
        for question in section.questions:
            assert re.fullmatch(rf"{section.key}\.[1-9][0-9]?", question.key), question.key
    assert set(PARTS.values()) == {"a", "b", "c", "d"}


def test_questions_resting_on_the_gdpr_name_their_article(dpia: Questionnaire) -> None:
    expected = {
        "2.1": "art. 4(1), 9, 10",
        "7.2": "35(9)",
        "11.1": "6(1)",
        "12.1": "9(1)",
        "12.3": "art. 10",
        "12.5": "87",
        "13.1": "5(1)(b)",
        "14.2": "5(1)(c)",
        "15.4": "23",
        "17.3": "36(1)",
        "17.7": "35(2)",
        "17.10": "35(11)",
    }
    for key, article in expected.items():
        reference = dpia.by_key[key].legal_reference
        assert reference is not None and reference.startswith("AVG"), key
        assert article in reference, key
    with_reference = [q for q in dpia.questions if q.legal_reference]
    assert len(with_reference) >= 30


def test_the_risk_register_rates_each_risk_before_and_after_measures(
    dpia: Questionnaire,
) -> None:
    table = register(dpia)
    assert table.key == "16.1" and table.required
    assert [c.key for c in table.columns] == [
        "risk",
        "data_subjects",
        "inherent",
        "measures",
        "residual",
        "owner",
    ]
    columns = {c.key: c for c in table.columns}
    assert columns["risk"].type == ColumnType.TEXT and columns["risk"].required
    inherent, residual = columns["inherent"], columns["residual"]
    assert inherent.type == residual.type == ColumnType.RISK
    assert inherent.label["en"] == "Risk before measures"
    assert residual.label["en"] == "Risk after measures"
    # One three-level matrix, as in the Model DPIA, defined once and used for both.
    assert inherent.matrix is not None and inherent.matrix == residual.matrix
    for axis in (inherent.matrix.likelihood, inherent.matrix.severity):
        assert [o.value for o in axis] == ["low", "medium", "high"]
        assert [o.label["nl"] for o in axis] == ["Laag", "Middel", "Hoog"]
    assert inherent.matrix.level("low", "low") == RiskLevel.LOW
    assert inherent.matrix.level("high", "high") == RiskLevel.HIGH


def test_a_risk_counts_only_once_it_is_rated(dpia: Questionnaire) -> None:
    def register_missing(rows: list[dict[str, Any]]) -> bool:
        return "16.1" in {q.key for q in missing_required(dpia, {"16.1": rows})}

    assert register_missing([])
    assert register_missing([{"risk": "Onterechte fraudeverdenking"}])
    rated = {
        "risk": "Onterechte fraudeverdenking",
        "inherent": {"likelihood": "medium", "severity": "high"},
    }
    assert not register_missing([rated])


def test_part_d_holds_actions_prior_consultation_and_the_dpos_advice(
    dpia: Questionnaire,
) -> None:
    measures = dpia.section("17")
    assert measures is not None
    assert [q.key for q in measures.questions if q.type == QuestionType.ACTIONS] == ["17.2"]
    consult = dpia.by_key["17.3"]
    assert consult.type == QuestionType.YESNO and consult.required
    # The prior-consultation notice and its follow-up appear only with a high residual risk.
    for remains, asked in ((True, True), (False, False), (None, False)):
        visible = visible_keys(dpia, {"17.3": remains})
        assert ("17.4" in visible) is asked
        assert ("17.5" in visible) is asked
    assert dpia.by_key["17.4"].type == QuestionType.INFORMATIONAL
    advice = dpia.by_key["17.7"]
    assert advice.required and "dpo" in advice.roles
    assert "(FG)" in advice.text["nl"] and "(DPO" in advice.text["en"]


def test_the_dpia_source_is_the_model_dpia_and_the_wording_is_ours(
    dpia: Questionnaire,
) -> None:
    source = dpia.source
    assert source.title == "Model DPIA Rijksdienst, versie 3.0"
    assert source.year == 2023
    assert source.url.startswith("https://www.kcbr.nl/")
    assert source.licence == "EUPL-1.2"
    assert source.note is not None and "own wording" in source.note
    assert dpia.review_interval_months == 12


# --- pre-scan ------------------------------------------------------------------------------


def test_the_pre_scan_asks_the_nine_criteria_and_the_ap_list(pre_scan: Questionnaire) -> None:
    assert pre_scan.ref == "pre-scan@1.0"
    criteria = pre_scan.by_key["2.2"]
    assert criteria.type == QuestionType.MULTICHOICE
    assert [o.value for o in criteria.options] == CRITERIA
    assert pre_scan.by_key["2.3"].type == QuestionType.YESNO
    assert pre_scan.by_key["2.3"].legal_reference is not None
    assert "35(4)" in pre_scan.by_key["2.3"].legal_reference
    for key in CONCLUSIONS:
        conclusion = pre_scan.by_key[key]
        assert conclusion.type == QuestionType.INFORMATIONAL and conclusion.show_if is not None
    assert pre_scan.source.licence == "EUPL-1.2"
    assert pre_scan.source.note is not None and "own wording" in pre_scan.source.note


def test_with_nothing_answered_no_conclusion_is_shown(pre_scan: Questionnaire) -> None:
    assert shown(pre_scan, {}) == set()


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param({"2.1": False}, {NO_DPIA}, id="no-personal-data"),
        pytest.param({"2.1": True, "2.3": False}, {NO_DPIA}, id="no-criteria"),
        pytest.param(
            {"2.1": True, "2.2": CRITERIA[:1], "2.3": False},
            {NO_DPIA, ONE_CRITERION},
            id="one-criterion",
        ),
        pytest.param(
            {"2.1": True, "2.2": CRITERIA[:2], "2.3": False}, {DPIA_NEEDED}, id="two-criteria"
        ),
        pytest.param({"2.1": True, "2.2": CRITERIA, "2.3": False}, {DPIA_NEEDED}, id="all-nine"),
        pytest.param({"2.1": True, "2.3": True}, {DPIA_NEEDED}, id="on-the-ap-list"),
        pytest.param(
            {"2.1": True, "2.2": CRITERIA[:1], "2.3": True}, {DPIA_NEEDED}, id="ap-list-and-one"
        ),
        pytest.param({"2.1": True, "2.2": CRITERIA[:2]}, {DPIA_NEEDED}, id="two-list-open"),
        pytest.param({"2.1": True, "2.2": CRITERIA[:1]}, set(), id="one-list-open"),
        pytest.param(
            {"2.1": False, "2.2": CRITERIA, "2.3": True}, {NO_DPIA}, id="stale-answers-ignored"
        ),
    ],
)
def test_the_dpia_conclusion_follows_the_personal_data_answers(
    pre_scan: Questionnaire, answers: dict[str, Any], expected: set[str]
) -> None:
    assert shown(pre_scan, answers) == expected
    assert (WHY_NO_DPIA in visible_keys(pre_scan, answers)) is (NO_DPIA in expected)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param({"3.1": False}, {NO_IAMA, NO_FRIA}, id="no-algorithm"),
        pytest.param(
            {"3.1": True, "3.2": True, "3.3": False, "3.5": "annex-iii", "3.6": True},
            {IAMA_NEEDED, FRIA_NEEDED},
            id="high-risk-decisions-about-people",
        ),
        pytest.param(
            {"3.1": True, "3.2": True, "3.3": False, "3.5": "not-high-risk"},
            {IAMA_NEEDED, NO_FRIA},
            id="affects-people-not-high-risk",
        ),
        pytest.param(
            {"3.1": True, "3.2": False, "3.3": False, "3.5": "not-high-risk"},
            {NO_IAMA, NO_FRIA},
            id="does-not-affect-people",
        ),
        pytest.param(
            {"3.1": True, "3.2": True, "3.5": "annex-iii", "3.6": False},
            {IAMA_NEEDED, NO_FRIA},
            id="not-a-public-deployer",
        ),
        pytest.param(
            {"3.1": True, "3.2": False, "3.5": "annex-iii-infrastructure"},
            {NO_IAMA, NO_FRIA},
            id="critical-infrastructure",
        ),
        pytest.param(
            {"3.1": True, "3.2": True, "3.5": "unknown"},
            {IAMA_NEEDED, FIND_OUT},
            id="classification-unknown",
        ),
        pytest.param(
            {"3.1": False, "3.2": True, "3.5": "annex-iii", "3.6": True},
            {NO_IAMA, NO_FRIA},
            id="stale-answers-ignored",
        ),
    ],
)
def test_the_iama_and_fria_conclusions_follow_the_algorithm_answers(
    pre_scan: Questionnaire, answers: dict[str, Any], expected: set[str]
) -> None:
    assert shown(pre_scan, answers) == expected
    assert (WHY_NO_IAMA in visible_keys(pre_scan, answers)) is (NO_IAMA in expected)


def test_both_parts_conclude_independently(pre_scan: Questionnaire) -> None:
    answers = {"2.1": True, "2.2": CRITERIA[:3], "2.3": False, "3.1": False}
    assert shown(pre_scan, answers) == {DPIA_NEEDED, NO_IAMA, NO_FRIA}


def test_the_prohibited_practice_stop_shows_only_when_it_may_apply(
    pre_scan: Questionnaire,
) -> None:
    assert "3.4" in visible_keys(pre_scan, {"3.1": True, "3.3": True})
    assert "3.4" not in visible_keys(pre_scan, {"3.1": True, "3.3": False})
    assert "3.4" not in visible_keys(pre_scan, {"3.1": False, "3.3": True})


def test_every_complete_set_of_answers_gives_exactly_one_conclusion_of_each_pair(
    pre_scan: Questionnaire,
) -> None:
    for personal, count, listed in itertools.product((True, False), range(4), (True, False)):
        answers: dict[str, Any] = {"2.1": personal, "2.2": CRITERIA[:count], "2.3": listed}
        assert len(shown(pre_scan, answers) & {DPIA_NEEDED, NO_DPIA}) == 1, answers
    classes = [o.value for o in pre_scan.by_key["3.5"].options]
    for used, people, kind, public in itertools.product(
        (True, False), (True, False), classes, (True, False)
    ):
        answers = {"3.1": used, "3.2": people, "3.3": False, "3.5": kind, "3.6": public}
        conclusions = shown(pre_scan, answers)
        assert len(conclusions & {IAMA_NEEDED, NO_IAMA}) == 1, answers
        assert len(conclusions & {FRIA_NEEDED, NO_FRIA, FIND_OUT}) == 1, answers


def test_a_negative_conclusion_asks_for_the_reasons(pre_scan: Questionnaire) -> None:
    missing = {q.key for q in missing_required(pre_scan, {"2.1": False, "3.1": False})}
    assert {WHY_NO_DPIA, WHY_NO_IAMA} <= missing
    missing = {q.key for q in missing_required(pre_scan, {"2.1": True, "2.3": True})}
    assert WHY_NO_DPIA not in missing


# --- both ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [DPIA_PATH, PRE_SCAN_PATH], ids=["dpia", "pre-scan"])
def test_every_text_is_in_dutch_and_english(path: Any) -> None:
    questionnaire = questionnaire_from_content(load_file(path).content)
    assert questionnaire.description is not None
    for section in questionnaire.sections:
        assert section.title["nl"] != section.title["en"], section.key
    for question in questionnaire.questions:
        assert question.text["nl"] and question.text["en"], question.key
        assert question.text["nl"] != question.text["en"], question.key
        if question.guidance is not None:
            assert question.guidance["nl"] != question.guidance["en"], question.key
        labels = [o.label for o in question.options]
        labels += [c.label for c in question.columns]
        labels += [o.label for c in question.columns for o in c.options]
        assert all(label["nl"] and label["en"] for label in labels), question.key
