"""Compare two revisions' answers question by question, text word by word. Pure functions over
plain data: no database, no HTTP."""

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
    return QuestionDiff(key=key, status=status, old=old, new=new, words=words)


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
