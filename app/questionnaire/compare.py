"""What a questionnaire changed: a fork against its parent, or one version against another.
A pure function over two parsed sets; the result is plain data for pages and revision diffs."""

from dataclasses import dataclass, fields
from enum import StrEnum

from app.diff.revisions import WordChange, diff_words
from app.questionnaire.model import Question, Questionnaire


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"  # the question's text changed (Dutch or English)
    CHANGED = "changed"  # what it asks for changed: see `aspects`
    MOVED = "moved"  # to another section, otherwise the same
    UNCHANGED = "unchanged"


# What about a question can change besides its text, named by the Question field that holds it
# (type, options, scale, required, guidance, show_if, roles, ...); "key" when it was renamed.
NOT_ASPECTS = frozenset({"key", "section_key", "text", "renamed_from"})
ASPECTS = tuple(f.name for f in fields(Question) if f.name not in NOT_ASPECTS)


@dataclass(frozen=True)
class Rewording:
    language: str  # "nl" or "en"
    old: str
    new: str
    # The new text with what was added and removed, word by word.
    words: tuple[WordChange, ...]


@dataclass(frozen=True)
class QuestionChange:
    key: str  # in the new set; a removed question's old key
    status: Change  # the most telling change: reworded, then changed, then moved
    old: Question | None
    new: Question | None
    rewordings: tuple[Rewording, ...] = ()
    aspects: tuple[str, ...] = ()  # the fields that changed, "key" first when renamed
    moved_from: str | None = None  # the old section's key, when the question moved

    @property
    def old_key(self) -> str | None:
        return self.old.key if self.old else None

    @property
    def renamed_from(self) -> str | None:
        return self.old.key if self.old and self.new and self.old.key != self.new.key else None


@dataclass(frozen=True)
class QuestionnaireComparison:
    old_ref: str
    new_ref: str
    # The new set's questions in its order, then the removed ones in the old set's order.
    questions: tuple[QuestionChange, ...]

    def count(self, status: Change | str) -> int:
        return sum(1 for q in self.questions if q.status == status)

    @property
    def changes(self) -> list[QuestionChange]:
        return [q for q in self.questions if q.status != Change.UNCHANGED]


def _aspects(old: Question, new: Question) -> tuple[str, ...]:
    renamed = ("key",) if old.key != new.key else ()
    return renamed + tuple(a for a in ASPECTS if getattr(old, a) != getattr(new, a))


def _rewordings(old: Question, new: Question) -> tuple[Rewording, ...]:
    return tuple(
        Rewording(language, before, after, diff_words(before, after))
        for language, before, after in (
            ("nl", old.text.nl, new.text.nl),
            ("en", old.text.en, new.text.en),
        )
        if before != after
    )


def compare_question(old: Question, new: Question) -> QuestionChange:
    rewordings = _rewordings(old, new)
    aspects = _aspects(old, new)
    moved_from = old.section_key if old.section_key != new.section_key else None
    if rewordings:
        status = Change.REWORDED
    elif aspects:
        status = Change.CHANGED
    elif moved_from is not None:
        status = Change.MOVED
    else:
        status = Change.UNCHANGED
    return QuestionChange(
        key=new.key,
        status=status,
        old=old,
        new=new,
        rewordings=rewordings,
        aspects=aspects,
        moved_from=moved_from,
    )


def _predecessor(question: Question, old: Questionnaire, taken: set[str]) -> Question | None:
    """The old question a new key continues: the first old key it was renamed from that no
    other question continues."""
    for previous in question.renamed_from:
        if previous in old.by_key and previous not in taken:
            return old.by_key[previous]
    return None


def compare_questionnaires(old: Questionnaire, new: Questionnaire) -> QuestionnaireComparison:
    """Each question of `new` against its predecessor in `old`; old questions that nothing in
    `new` continues follow as removed."""
    # Questions that keep their key claim it first, so a rename never takes a kept question.
    taken = {q.key for q in new.questions if q.key in old.by_key}
    changes: list[QuestionChange] = []
    for question in new.questions:
        if question.key in old.by_key:
            before: Question | None = old.by_key[question.key]
        else:
            before = _predecessor(question, old, taken)
            if before is not None:
                taken.add(before.key)
        if before is None:
            changes.append(QuestionChange(question.key, Change.ADDED, None, question))
        else:
            changes.append(compare_question(before, question))
    changes.extend(
        QuestionChange(q.key, Change.REMOVED, q, None) for q in old.questions if q.key not in taken
    )
    return QuestionnaireComparison(old.ref, new.ref, tuple(changes))
