"""Turn posted form fields back into an answer value of the question's type."""

from typing import Any

from app.questionnaire.model import Question, QuestionType


def answer_from_form(question: Question, values: list[str]) -> Any:
    """`values` are the posted `value` fields: several for a multiple choice, else one or none."""
    if question.type == QuestionType.MULTICHOICE:
        return values
    raw = values[0] if values else ""
    if raw == "":
        return None
    if question.type == QuestionType.YESNO:
        return {"true": True, "false": False}.get(raw, raw)
    if question.type == QuestionType.SCALE and raw.strip().isascii() and raw.strip().isdigit():
        # A whole number, as stored: the form shows the choice again after a conflict.
        return int(raw)
    return raw
