"""The export form of every answer type, and a revision as one Markdown document."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.assessments.art27 import ELEMENTS, art27_elements, serves_art27
from app.export.answers import answer_text
from app.export.markdown import RevisionFacts, revision_markdown
from app.i18n import current_language
from app.questionnaire.loader import load_file
from app.questionnaire.model import Questionnaire, questionnaire_from_content
from app.settings import PROJECT_ROOT

REGISTER = Path(__file__).parents[1] / "fixtures" / "questionnaires" / "register.yaml"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    token = current_language.set("en")
    yield
    current_language.reset(token)


@pytest.fixture
def register() -> Questionnaire:
    return questionnaire_from_content(load_file(REGISTER).content)


def test_each_type_is_written_out_as_a_person_would(register: Questionnaire) -> None:
    q = register.by_key
    assert answer_text(q["1.1"], False, "en") == "No"
    assert answer_text(q["1.3"], ["a", "c"], "en") == "- A\n- C"
    assert answer_text(q["2.1"], {"likelihood": "high", "severity": "medium"}, "en") == (
        "Likelihood: High \u00d7 Severity: Medium (High risk)"
    )
    assert answer_text(q["2.1"], {"severity": "low"}, "nl") == (
        "Severity: Laag (Rate both likelihood and severity)"
    )
    table = answer_text(
        q["2.2"],
        [{"risk": "Bias | wijk\nnoord", "right": "equality", "review": "2027-01-31"}],
        "en",
    )
    assert table.splitlines() == [
        "| # | Risk | Right | Risk | Review on |",
        "|---|---|---|---|---|",
        "| 1 | Bias \\| wijk<br>noord | Equal treatment |  | 2027-01-31 |",
    ]
    assert answer_text(q["2.3"], None, "en") == "Not answered"


def test_a_revision_reads_as_one_document_without_unasked_questions(
    register: Questionnaire,
) -> None:
    facts = RevisionFacts(
        assessment_title="Afvalherkenning",
        description="Camera's herkennen zwerfafval.",
        number=2,
        state="approved",
        reason="Nieuw model",
        content_hash="ab" * 32,
        approved="Fatima de Vries, 2026-11-20 10:00",
    )
    values = {
        "1.1": True,
        "1.3": ["a"],
        "old.9": "Antwoord op een vervallen vraag",
        "old.10": [{"action": "Toets", "status": "open"}],
    }
    document = revision_markdown(register, values, facts, "en")
    assert document.startswith("# Afvalherkenning\n\nCamera's herkennen zwerfafval.\n")
    assert "- Revision: 2 (approved)" in document and f"`{'ab' * 32}`" in document
    assert "### 1.1 Prohibited practice?\n\nYes" in document
    # The stop answer: the risk section is not asked, so it is not in the document.
    assert "## 2." not in document
    assert "## No longer asked\n\n### old.9\n\nAntwoord op een vervallen vraag" in document
    assert "### old.10\n\n- action: Toets; status: open\n" in document


def test_the_art27_view_lists_all_six_elements_with_the_questions_serving_each() -> None:
    fria = questionnaire_from_content(
        load_file(PROJECT_ROOT / "questionnaires" / "ai-act-fria" / "1.0.yaml").content
    )
    assert serves_art27(fria)
    elements = art27_elements(fria, {})
    assert [e.letter for e in elements] == list(ELEMENTS) == ["a", "b", "c", "d", "e", "f"]
    assert all(e.items and e.answered == 0 for e in elements)
    first_key = elements[0].items[0][0].key
    assert art27_elements(fria, {first_key: "Zie proces"})[0].answered == 1


def test_a_set_without_markers_has_no_art27_view(register: Questionnaire) -> None:
    assert not serves_art27(register)
    assert all(not e.items for e in art27_elements(register, {}))
