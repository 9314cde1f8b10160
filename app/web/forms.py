"""Turn a posted form field back into an answer value of the question's type."""

from typing import Any

from starlette.datastructures import FormData

from app.questionnaire.model import Question, QuestionType


def answer_from_form(question: Question, form: FormData) -> Any:
    if question.type == QuestionType.MULTICHOICE:
        return [v for v in form.getlist("value") if isinstance(v, str)]
    raw = form.get("value")
    if not isinstance(raw, str) or raw == "":
        return None
    if question.type == QuestionType.YESNO:
        return {"true": True, "false": False}.get(raw, raw)
    return raw


def form_int(form: FormData, name: str, default: int = 0) -> int:
    raw = form.get(name)
    try:
        return int(raw) if isinstance(raw, str) else default
    except ValueError:
        return default
