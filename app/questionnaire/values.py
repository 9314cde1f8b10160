"""What an answer to each question type may be; a bad value gets a message a person reads."""

import re
from datetime import date
from typing import Any

from app.i18n import _, current_language
from app.questionnaire.model import Column, ColumnType, Matrix, Question, QuestionType

MAX_TEXT_CHARS = 20_000
MAX_CELL_CHARS = 5_000
# All the text of one table together; a risk register of 50 rows fits with room to spare.
MAX_TABLE_CHARS = 100_000


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
        case QuestionType.RISK:
            assert question.matrix is not None
            return _risk(question.matrix, value)
        case QuestionType.TABLE | QuestionType.ACTIONS:
            return _rows(question, value)


def _risk(matrix: Matrix, value: Any) -> dict[str, str] | None:
    """Likelihood and severity; one of the two may wait for the other, so nothing chosen is lost."""
    if not isinstance(value, dict) or not set(value) <= {"likelihood", "severity"}:
        raise AnswerValueError(_("A risk rating has a likelihood and a severity."))
    rating: dict[str, str] = {}
    for axis, levels, message in (
        ("likelihood", matrix.likelihood, _("Choose a likelihood of: %(options)s.")),
        ("severity", matrix.severity, _("Choose a severity of: %(options)s.")),
    ):
        chosen = value.get(axis)
        if chosen in (None, ""):
            continue
        allowed = [o.value for o in levels]
        if chosen not in allowed:
            raise AnswerValueError(message % {"options": ", ".join(allowed)})
        rating[axis] = chosen
    return rating or None


def _rows(question: Question, value: Any) -> list[dict[str, Any]] | None:
    """Each row a mapping of column key to cell; empty cells and empty rows are left out."""
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise AnswerValueError(_("This answer must be a list of rows."))
    columns = {c.key: c for c in question.columns}
    rows: list[dict[str, Any]] = []
    for number, row in enumerate(value, start=1):
        unknown = [key for key in row if key not in columns]
        if unknown:
            raise AnswerValueError(
                _("Row %(row)d has an unknown column: %(column)s.")
                % {"row": number, "column": ", ".join(map(str, unknown))}
            )
        cells = {}
        for key, column in columns.items():
            try:
                cell = _cell(column, row.get(key))
            except AnswerValueError as error:
                raise AnswerValueError(
                    _("Row %(row)d, %(column)s: %(problem)s")
                    % {
                        "row": number,
                        "column": column.label.in_(current_language.get()),
                        "problem": error,
                    }
                ) from None
            if cell is not None:
                cells[key] = cell
        if cells:
            rows.append(cells)
    if len(rows) > question.max_rows:
        raise AnswerValueError(
            _("This table takes at most %(limit)d rows; this answer has %(count)d.")
            % {"limit": question.max_rows, "count": len(rows)}
        )
    length = sum(len(cell) for row in rows for cell in row.values() if isinstance(cell, str))
    if length > MAX_TABLE_CHARS:
        raise AnswerValueError(
            _("This table holds %(length)d characters; the limit is %(limit)d.")
            % {"length": length, "limit": MAX_TABLE_CHARS}
        )
    return rows or None


def _cell(column: Column, value: Any) -> Any:
    if value is None:
        return None
    match column.type:
        case ColumnType.TEXT:
            if not isinstance(value, str):
                raise AnswerValueError(_("This answer must be text."))
            if len(value) > MAX_CELL_CHARS:
                raise AnswerValueError(
                    _("This answer is %(length)d characters long; the limit is %(limit)d.")
                    % {"length": len(value), "limit": MAX_CELL_CHARS}
                )
            return value if value.strip() else None
        case ColumnType.CHOICE:
            if value == "":
                return None
            allowed = [o.value for o in column.options]
            if value not in allowed:
                raise AnswerValueError(
                    _("Choose one of: %(options)s.") % {"options": ", ".join(allowed)}
                )
            return value
        case ColumnType.DATE:
            return _date(value)
        case ColumnType.RISK:
            assert column.matrix is not None
            return _risk(column.matrix, value)


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


def fitting_part(question: Question, value: Any) -> Any:
    """What of a value still fits `question` after the question changed under it: the options
    it still offers, and each row's cells in columns it still has that are still valid. None
    when nothing fits (another type, a single choice whose option went)."""
    if question.type == QuestionType.MULTICHOICE and isinstance(value, list):
        offered = {o.value for o in question.options}
        kept = [v for v in value if v in offered]
        return check_value(question, kept) if kept else None
    if question.type == QuestionType.RISK and isinstance(value, dict):
        assert question.matrix is not None
        return check_value(question, _fitting_rating(question.matrix, value))
    if not question.has_rows or not isinstance(value, list):
        return None
    columns = {c.key: c for c in question.columns}
    rows = []
    for row in value:
        if not isinstance(row, dict):
            continue
        cells = {}
        for key, cell in row.items():
            if key not in columns:
                continue
            column = columns[key]
            if column.type == ColumnType.RISK and isinstance(cell, dict):
                assert column.matrix is not None
                cell = _fitting_rating(column.matrix, cell)
            try:
                cells[key] = _cell(column, cell)
            except AnswerValueError:
                continue
        rows.append(cells)
    try:
        return check_value(question, rows)
    except AnswerValueError:
        return None


def _fitting_rating(matrix: Matrix, rating: dict[str, Any]) -> dict[str, Any]:
    """The axes of a rating whose level the matrix still has (half a rating is allowed)."""
    levels = {"likelihood": matrix.likelihood, "severity": matrix.severity}
    return {
        axis: level
        for axis, level in rating.items()
        if axis in levels and level in {o.value for o in levels[axis]}
    }
