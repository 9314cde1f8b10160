"""What an answer to each question type may be; a bad value gets a message a person reads."""

import re
from datetime import date
from typing import Any

from app.i18n import _
from app.questionnaire.model import Question, QuestionType

MAX_TEXT_CHARS = 20_000


class AnswerValueError(ValueError):
    """The value does not fit the question; the message is shown next to the field."""


def check_value(question: Question, value: Any) -> Any:
    """Return the value as stored, or raise AnswerValueError. None clears an answer."""
    if question.type == QuestionType.INFORMATIONAL:
        raise AnswerValueError(_("This is information to read; it takes no answer."))
    if value is None:
        return None
    match question.type:
        case QuestionType.TEXT:
            return _text(value)
        case QuestionType.CHOICE:
            return _choice(question, value)
        case QuestionType.MULTICHOICE:
            return _multichoice(question, value)
        case QuestionType.YESNO:
            if not isinstance(value, bool):
                raise AnswerValueError(_("Answer yes (true) or no (false)."))
            return value
        case QuestionType.DATE:
            return _date(value)
        case QuestionType.SCALE:
            return _scale(question, value)


def _scale(question: Question, value: Any) -> int | None:
    assert question.scale is not None
    low, high = question.scale.minimum, question.scale.maximum
    if value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,3}", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise AnswerValueError(
            _("Choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )
    return value


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        raise AnswerValueError(_("This answer must be text."))
    if len(value) > MAX_TEXT_CHARS:
        raise AnswerValueError(
            _("This answer is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(value), "limit": MAX_TEXT_CHARS}
        )
    return value if value.strip() else None


def _choice(question: Question, value: Any) -> str | None:
    if value == "":
        return None
    allowed = [o.value for o in question.options]
    if value not in allowed:
        raise AnswerValueError(_("Choose one of: %(options)s.") % {"options": ", ".join(allowed)})
    return str(value)


def _multichoice(question: Question, value: Any) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnswerValueError(_("This answer must be a list of options."))
    allowed = [o.value for o in question.options]
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise AnswerValueError(
            _("Unknown option(s): %(options)s.") % {"options": ", ".join(unknown)}
        )
    # Keep the questionnaire's order so equal selections store (and hash) equally.
    chosen = [v for v in allowed if v in value]
    return chosen or None


def _date(value: Any) -> str | None:
    if value == "":
        return None
    if not isinstance(value, str):
        raise AnswerValueError(_("Give a date as YYYY-MM-DD."))
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise AnswerValueError(
            _("'%(value)s' is not a date; use YYYY-MM-DD.") % {"value": value[:40]}
        ) from None
