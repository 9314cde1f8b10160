"""The number of SQL statements behind the form page and the diff page does not grow with the
number of questions: a 5-question set and a 60-question set cost the same."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlmodel import Session

from app.assessments import service
from app.models import Assessment, Role, User
from tests.factories import login, make_user, store_yaml
from tests.http.helpers import (
    actor,
    answer_as,
    approve_as,
    one,
    open_revision_as,
    page,
    submit_as,
    text,
)


def questionnaire_yaml(key: str, per_section: tuple[int, int]) -> str:
    """A valid set with two sections; questions cycle through the answer types."""
    lines = [
        f"key: {key}",
        'version: "1.0"',
        "title:",
        f'  nl: "Telset {key}"',
        f'  en: "Count set {key}"',
        "source:",
        '  publisher: "Levend tests"',
        '  title: "Synthetic set for counting statements"',
        "  year: 2026",
        '  url: "https://levend.example/tests"',
        '  licence: "EUPL-1.2"',
        "sections:",
    ]
    for s, count in enumerate(per_section, start=1):
        lines += [
            f'  - key: "s{s}"',
            "    title:",
            f'      nl: "Deel {s}"',
            f'      en: "Part {s}"',
            "    questions:",
        ]
        for q in range(1, count + 1):
            kind = ("text", "choice", "yesno", "date")[q % 4]
            lines += [
                f'      - key: "s{s}.q{q:02d}"',
                "        text:",
                f'          nl: "Vraag {s}.{q}"',
                f'          en: "Question {s}.{q}"',
                f"        type: {kind}",
                "        required: true",
            ]
            if kind == "choice":
                lines += [
                    "        options:",
                    "          - value: one",
                    "            label: {nl: Een, en: One}",
                    "          - value: two",
                    "            label: {nl: Twee, en: Two}",
                ]
    return "\n".join(lines) + "\n"


def _value(key: str, kind: str, revision: int) -> Any:
    return {
        "text": f"Answer {revision} to {key}, in a few words",
        "choice": ("one", "two")[revision % 2],
        "yesno": revision % 2 == 0,
        "date": f"2026-0{revision}-15",
    }[kind]


def _assessment_of(session: Session, editor: User, reviewer: User, ref: str) -> Assessment:
    """Revision 1 fully answered and approved; revision 2 a draft with every answer changed."""
    assessment = service.create_assessment(
        session, actor(session, editor), title=f"Counted {ref}", questionnaire_ref=ref
    )[0]
    assert assessment.id is not None
    view = service.load_revision(session, actor(session, editor), assessment.id, 1)
    kinds = {q.key: q.type for q in view.questionnaire.questions}
    for key, kind in kinds.items():
        answer_as(session, editor, assessment, 1, key, _value(key, kind, 1))
    submit_as(session, editor, assessment, 1)
    approve_as(session, reviewer, assessment, 1)
    open_revision_as(session, editor, assessment, "Counting statements")
    for key, kind in kinds.items():
        answer_as(session, editor, assessment, 2, key, _value(key, kind, 2))
    return assessment


class StatementCounter:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    def __enter__(self) -> "StatementCounter":
        self.statements = []
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


@pytest.fixture
def counter(engine: Engine) -> StatementCounter:
    return StatementCounter(engine)


def _count(client: TestClient, counter: StatementCounter, url: str) -> tuple[int, str]:
    client.get(url)  # warm: caches, pool, parsed questionnaire
    with counter:
        response = client.get(url)
    assert response.status_code == 200, (url, response.text[:500])
    return len(counter.statements), response.text


def test_form_and_diff_pages_cost_the_same_statements_for_5_and_60_questions(
    client: TestClient, session: Session, counter: StatementCounter
) -> None:
    store_yaml(session, questionnaire_yaml("count-small", (3, 2)), "count-small.yaml")
    store_yaml(session, questionnaire_yaml("count-large", (30, 30)), "count-large.yaml")
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    small = _assessment_of(session, editor, reviewer, "count-small@1.0")
    large = _assessment_of(session, editor, reviewer, "count-large@1.0")
    client.headers["Accept-Language"] = "en"
    login(client, editor)

    counts: dict[str, dict[str, int]] = {}
    for name, assessment, questions in (("small", small, (3, 5)), ("large", large, (30, 60))):
        form, html = _count(
            client, counter, f"/assessments/{assessment.id}/revisions/2/sections/s1"
        )
        tree = page(html)
        assert len(tree.select(".levend-section .levend-question")) == questions[0]
        assert len(tree.select("form.levend-answer-form")) == questions[0]
        assert text(one(tree, "#progress")).startswith(f"{questions[1]} of {questions[1]}")

        diff, html = _count(client, counter, f"/assessments/{assessment.id}/diff?from=1&to=2")
        tree = page(html)
        assert len(tree.select("article.levend-diff__item--changed")) == questions[1]

        history, html = _count(client, counter, f"/assessments/{assessment.id}/history")
        assert len(page(html).select("li.levend-history__item")) == 2
        counts[name] = {"form": form, "diff": diff, "history": history}

    assert counts["large"] == counts["small"], counts
    # And few in absolute terms: a handful per page, not one per question.
    assert all(n <= 15 for n in counts["small"].values()), counts
