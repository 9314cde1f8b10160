"""Which questions are asked, given the answers so far (`show_if`), and progress."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.questionnaire.model import Column, ColumnType, Question, Questionnaire, QuestionType


def visible_keys(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> set[str]:
    """Keys of the questions that are asked: their section's condition and their own hold.
    A condition on a question that is not asked is false, so a chain of follow-ups disappears
    together. Conditions only point backwards (lint), so one pass in order settles them."""
    visible: set[str] = set()
    for section in questionnaire.sections:
        if section.show_if is not None and not section.show_if.holds(answers, visible):
            continue
        for question in section.questions:
            condition = question.show_if
            if condition is None or condition.holds(answers, visible):
                visible.add(question.key)
    return visible


def is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != []


def is_complete(question: Question, value: Any) -> bool:
    """Answered as a required question must be: a table needs a row with every required cell."""
    if not is_answered(value):
        return False
    if question.type == QuestionType.RISK:
        return _rated(value)
    if not question.has_rows:
        return True
    required = [c for c in question.columns if c.required]
    return any(all(_filled(c, row.get(c.key)) for c in required) for row in value)


def _rated(value: Any) -> bool:
    return isinstance(value, dict) and {"likelihood", "severity"} <= value.keys()


def _filled(column: Column, cell: Any) -> bool:
    return _rated(cell) if column.type == ColumnType.RISK else is_answered(cell)


@dataclass(frozen=True)
class Progress:
    answered: int
    required: int
    required_answered: int

    @property
    def missing(self) -> int:
        return self.required - self.required_answered


def progress(questions: list[Question], visible: set[str], answers: Mapping[str, Any]) -> Progress:
    asked = [q for q in questions if q.key in visible and q.takes_answer]
    required = [q for q in asked if q.required]
    return Progress(
        answered=sum(1 for q in asked if is_answered(answers.get(q.key))),
        required=len(required),
        required_answered=sum(1 for q in required if is_complete(q, answers.get(q.key))),
    )


def missing_required(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Question]:
    visible = visible_keys(questionnaire, answers)
    return [
        q
        for q in questionnaire.questions
        if q.required and q.key in visible and not is_complete(q, answers.get(q.key))
    ]
