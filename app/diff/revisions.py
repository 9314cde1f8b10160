"""Compare two revisions' answers question by question, text word by word. Pure functions over
plain data: no database, no HTTP."""

import json
import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from app.questionnaire.visibility import is_answered


class Status(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


class WordOp(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class WordChange:
    op: WordOp
    text: str


@dataclass(frozen=True)
class QuestionDiff:
    key: str
    status: Status
    old: Any
    new: Any
    # Only for two text answers: the new text with insertions and deletions marked.
    words: tuple[WordChange, ...] | None = None
    # Only for two tables: each row kept, changed, added or removed, in the new order.
    rows: tuple["RowChange", ...] | None = None


@dataclass(frozen=True)
class RowChange:
    status: Status
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None
    # Where the row stands in each table, counted from 1 (None on the side it is missing from).
    old_number: int | None = None
    new_number: int | None = None

    def cell_changed(self, column: str) -> bool:
        return (self.old or {}).get(column) != (self.new or {}).get(column)


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
# Past this many tokens a side, the answer is shown as replaced whole rather than diffed slowly.
MAX_DIFF_TOKENS = 4_000


def diff_words(old: str, new: str) -> tuple[WordChange, ...]:
    """Word-level changes; whitespace and punctuation are tokens of their own, so joining every
    EQUAL and INSERT text gives `new` back and every EQUAL and DELETE text gives `old`."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) > MAX_DIFF_TOKENS or len(b) > MAX_DIFF_TOKENS:
        return (WordChange(WordOp.DELETE, old), WordChange(WordOp.INSERT, new))
    changes: list[WordChange] = []

    def emit(op: WordOp, tokens: Sequence[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if changes and changes[-1].op == op:
            changes[-1] = WordChange(op, changes[-1].text + text)
        else:
            changes.append(WordChange(op, text))

    # White space may extend a match but never start one: without that, the many identical
    # space tokens make matching quadratic on long answers.
    matcher = SequenceMatcher(str.isspace, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit(WordOp.EQUAL, a[i1:i2])
        else:
            emit(WordOp.DELETE, a[i1:i2])
            emit(WordOp.INSERT, b[j1:j2])
    return tuple(changes)


def _row_key(row: Mapping[str, Any]) -> str:
    return json.dumps(row, sort_keys=True)


def diff_rows(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> tuple[RowChange, ...]:
    """Rows matched whole where they are equal; a replaced stretch pairs rows off as changed
    and leaves the surplus added or removed, so an edited cell reads as a changed row."""
    matcher = SequenceMatcher(None, [_row_key(r) for r in old], [_row_key(r) for r in new])
    changes: list[RowChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = i2 - i1 if tag == "equal" else min(i2 - i1, j2 - j1)
        status = Status.UNCHANGED if tag == "equal" else Status.CHANGED
        changes.extend(
            RowChange(status, old[i1 + k], new[j1 + k], i1 + k + 1, j1 + k + 1)
            for k in range(paired)
        )
        changes.extend(
            RowChange(Status.REMOVED, old[i], None, i + 1, None) for i in range(i1 + paired, i2)
        )
        changes.extend(
            RowChange(Status.ADDED, None, new[j], None, j + 1) for j in range(j1 + paired, j2)
        )
    return tuple(changes)


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(row, dict) for row in value)


def diff_answer(key: str, old: Any, new: Any, *, word_diff: bool = True) -> QuestionDiff:
    old = old if is_answered(old) else None
    new = new if is_answered(new) else None
    if old == new:
        status = Status.UNCHANGED
    elif old is None:
        status = Status.ADDED
    elif new is None:
        status = Status.REMOVED
    else:
        status = Status.CHANGED
    words = (
        diff_words(old, new)
        if word_diff and status == Status.CHANGED and isinstance(old, str) and isinstance(new, str)
        else None
    )
    rows = (
        diff_rows(old, new)
        if status == Status.CHANGED and _is_rows(old) and _is_rows(new)
        else None
    )
    return QuestionDiff(key=key, status=status, old=old, new=new, words=words, rows=rows)


def diff_revisions(
    question_keys: Sequence[str],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    text_keys: Container[str] | None = None,
) -> list[QuestionDiff]:
    """One entry per question, in questionnaire order; answers to keys that the questionnaire
    does not list (any more) follow at the end so nothing disappears from view. Word diffs are
    made for `text_keys` (default: any two strings); a choice's value is a code, not prose."""
    keys = list(dict.fromkeys([*question_keys, *old.keys(), *new.keys()]))
    return [
        diff_answer(
            key, old.get(key), new.get(key), word_diff=text_keys is None or key in text_keys
        )
        for key in keys
    ]


def changes_only(diffs: Sequence[QuestionDiff]) -> list[QuestionDiff]:
    return [d for d in diffs if d.status != Status.UNCHANGED]
