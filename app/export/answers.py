"""Each answer type as plain text: the export form used by the Markdown export."""

from typing import Any

from app.i18n import gettext as _
from app.questionnaire.model import Column, ColumnType, Matrix, Question, QuestionType

TIMES = " \u00d7 "


def answer_text(question: Question, value: Any, language: str) -> str:
    """The answer as a person would write it down; a table comes out as a Markdown table."""
    if value is None or value == "" or value == []:
        return _("Not answered")
    match question.type:
        case QuestionType.CHOICE:
            return question.option_label(value, language)
        case QuestionType.MULTICHOICE:
            return "\n".join(f"- {question.option_label(v, language)}" for v in value)
        case QuestionType.YESNO:
            return _("Yes") if value else _("No")
        case QuestionType.SCALE:
            assert question.scale is not None
            return _("%(value)d on a scale of %(low)d to %(high)d") % {
                "value": value,
                "low": question.scale.minimum,
                "high": question.scale.maximum,
            }
        case QuestionType.RISK:
            assert question.matrix is not None
            return rating_text(question.matrix, value, language)
        case QuestionType.TABLE | QuestionType.ACTIONS:
            return rows_table(question.columns, value, language)
        case _:
            return str(value)


def level_text(matrix: Matrix, rating: dict[str, str]) -> str:
    if not {"likelihood", "severity"} <= rating.keys():
        return _("Rate both likelihood and severity")
    level = matrix.level(rating["likelihood"], rating["severity"])
    return {"low": _("Low risk"), "medium": _("Medium risk"), "high": _("High risk")}[level]


def rating_text(matrix: Matrix, rating: dict[str, str], language: str) -> str:
    parts = []
    if "likelihood" in rating:
        label = Matrix.label(matrix.likelihood, rating["likelihood"], language)
        parts.append(_("Likelihood") + f": {label}")
    if "severity" in rating:
        label = Matrix.label(matrix.severity, rating["severity"], language)
        parts.append(_("Severity") + f": {label}")
    return f"{TIMES.join(parts)} ({level_text(matrix, rating)})"


def cell_text(column: Column, cell: Any, language: str) -> str:
    if cell is None or cell == "":
        return ""
    if column.type == ColumnType.CHOICE:
        return column.option_label(cell, language)
    if column.type == ColumnType.RISK:
        assert column.matrix is not None
        return rating_text(column.matrix, cell, language)
    return str(cell)


def _markdown_cell(text: str) -> str:
    # A pipe would end the cell and a line break the row.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def rows_table(columns: tuple[Column, ...], rows: list[dict[str, Any]], language: str) -> str:
    header = [_markdown_cell(c.label.in_(language)) for c in columns]
    lines = [
        "| # | " + " | ".join(header) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for number, row in enumerate(rows, start=1):
        cells = [_markdown_cell(cell_text(c, row.get(c.key), language)) for c in columns]
        lines.append(f"| {number} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plain_text(value: Any) -> str:
    """A value whose question is not at hand (kept from another version of the set), in words:
    rows as `key: value` lines, lists as bullets."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {plain_text(cell)}" for key, cell in value.items())
    if isinstance(value, list):
        return "\n".join(f"- {plain_text(item)}" for item in value)
    return str(value)
