"""Turn posted form fields back into an answer value of the question's type."""

from typing import Any

from app.questionnaire.model import Column, ColumnType, Question, QuestionType


def answer_from_form(question: Question, values: list[str]) -> Any:
    """`values` are the posted `value` fields in page order: several for a multiple choice, a
    risk rating (likelihood, severity) and a table (its cells row by row), else one or none."""
    if question.type == QuestionType.MULTICHOICE:
        return values
    if question.type == QuestionType.RISK:
        return _rating(values)
    if question.has_rows:
        return rows_from_cells(question.columns, values)
    raw = values[0] if values else ""
    if raw == "":
        return None
    if question.type == QuestionType.YESNO:
        return {"true": True, "false": False}.get(raw, raw)
    if question.type == QuestionType.SCALE and raw.strip().isascii() and raw.strip().isdigit():
        # A whole number, as stored: the form shows the choice again after a conflict.
        return int(raw)
    return raw


def _rating(values: list[str]) -> dict[str, str] | None:
    rating = dict(zip(("likelihood", "severity"), values, strict=False))
    return {axis: level for axis, level in rating.items() if level} or None


def cells_per_row(columns: tuple[Column, ...]) -> int:
    # A risk cell is two selects: likelihood and severity.
    return sum(2 if c.type == ColumnType.RISK else 1 for c in columns)


def rows_from_cells(columns: tuple[Column, ...], cells: list[str]) -> list[dict[str, Any]]:
    """Every field of every row is always posted (text areas, selects, dates), so the cells
    fall into rows by position; a short last row is padded rather than guessed."""
    width = cells_per_row(columns)
    rows = []
    for start in range(0, len(cells), width):
        fields = iter([*cells[start : start + width], *[""] * width][:width])
        row: dict[str, Any] = {}
        for column in columns:
            if column.type == ColumnType.RISK:
                row[column.key] = _rating([next(fields), next(fields)])
            else:
                row[column.key] = next(fields) or None
        rows.append(row)
    return rows
