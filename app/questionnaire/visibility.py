"""Which questions are asked, given the answers so far (`show_if`), and progress."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.questionnaire.model import Question, Questionnaire


def visible_keys(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> set[str]:
    """Keys of the questions that are asked. A condition on a hidden question is false,
    so a chain of follow-ups disappears together. Conditions only point backwards (lint)."""
    visible: set[str] = set()
    for question in questionnaire.questions:
        condition = question.show_if
        if condition is None or (
            condition.question in visible and condition.holds_for(answers.get(condition.question))
        ):
            visible.add(question.key)
    return visible


def is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != []


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
        required_answered=sum(1 for q in required if is_answered(answers.get(q.key))),
    )


def missing_required(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Question]:
    visible = visible_keys(questionnaire, answers)
    return [
        q
        for q in questionnaire.questions
        if q.required and q.key in visible and not is_answered(answers.get(q.key))
    ]
