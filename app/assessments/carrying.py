"""Which answers a new draft starts with when it follows another questionnaire version: a pure
function over two parsed sets and the earlier answers."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.questionnaire.model import Question, Questionnaire
from app.questionnaire.values import AnswerValueError, check_value, fitting_part


@dataclass(frozen=True)
class NotCarried:
    """An earlier answer that does not fit its question in the new version, wholly or in part
    (`partly`: what still fits was carried); `value` is the earlier answer as it was."""

    old_key: str
    new_key: str
    reason: str
    value: Any
    partly: bool = False


@dataclass
class CarryPlan:
    """What the new draft starts with: answers by their new key, answers to questions the new
    set no longer asks (kept under their old key, read-only), and what could not be carried."""

    carried: dict[str, Any] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)  # new key -> old key
    no_longer_asked: dict[str, Any] = field(default_factory=dict)
    not_carried: list[NotCarried] = field(default_factory=list)
    new_questions: list[str] = field(default_factory=list)

    @property
    def answers(self) -> dict[str, Any]:
        return self.carried | self.no_longer_asked


def carry_answers(old: Questionnaire, new: Questionnaire, values: Mapping[str, Any]) -> CarryPlan:
    """Carry by key, else by `renamed_from`. A value that no longer fits its question (an option
    or a column removed, another type) goes along as far as it still fits, and is listed in
    `not_carried` with the whole earlier answer, which the draft shows."""
    plan = CarryPlan()
    used: set[str] = set()
    for question in new.questions:
        if not question.takes_answer:
            continue
        sources = [question.key, *question.renamed_from]
        if is_new(question, old):
            plan.new_questions.append(question.key)
        source = next((key for key in sources if key in values), None)
        if source is None:
            continue
        used.add(source)
        try:
            value = check_value(question, values[source])
        except AnswerValueError as problem:
            value = fitting_part(question, values[source])
            plan.not_carried.append(
                NotCarried(
                    source, question.key, str(problem), values[source], partly=value is not None
                )
            )
        if value is None:
            continue
        plan.carried[question.key] = value
        if source != question.key:
            plan.renamed[question.key] = source
    for key, value in values.items():
        if key not in used and key not in new.by_key:
            plan.no_longer_asked[key] = value
    return plan


def is_new(question: Question, old: Questionnaire) -> bool:
    """Asked now and neither it nor a question it was renamed from was asked before."""
    return question.takes_answer and not any(
        key in old.by_key for key in (question.key, *question.renamed_from)
    )


def no_longer_asked(questionnaire: Questionnaire, values: Mapping[str, Any]) -> dict[str, Any]:
    """Answers kept from an earlier version of the set whose questions this version lacks."""
    return {key: value for key, value in values.items() if key not in questionnaire.by_key}


def is_reworded(question: Question, old: Questionnaire) -> bool:
    """Asked before (under its key or a former one) but in other words: an answer carried
    over may need checking."""
    before = next(
        (old.by_key[key] for key in (question.key, *question.renamed_from) if key in old.by_key),
        None,
    )
    return before is not None and question.takes_answer and before.text != question.text
