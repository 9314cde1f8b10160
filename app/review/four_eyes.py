"""The four-eyes rule: a reviewer never approves a revision they wrote, edited or submitted."""

from collections.abc import Sequence

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.models import Revision, RevisionContributor


def authors_of(session: Session, revision: Revision) -> set[int]:
    return authors_of_each(session, [revision])[revision.id or 0]


def authors_of_each(session: Session, revisions: Sequence[Revision]) -> dict[int, set[int]]:
    """Everyone who shaped each revision (opened it, saved an answer, submitted it), by id."""
    authors = {r.id or 0: {r.created_by} for r in revisions}
    for revision_id, user_id in session.exec(
        select(RevisionContributor.revision_id, RevisionContributor.user_id).where(
            col(RevisionContributor.revision_id).in_(list(authors))
        )
    ):
        authors[revision_id].add(user_id)
    return authors


def may_approve(session: Session, revision: Revision, user_id: int) -> bool:
    return user_id not in authors_of(session, revision)


# Built once per dialect (every autosave records its author): both speak ON CONFLICT.
_RECORD_AUTHOR = {
    name: dialect.insert(RevisionContributor)
    .values(revision_id=bindparam("of_revision"), user_id=bindparam("contributor"))
    .on_conflict_do_nothing()
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def record_author(session: Session, revision_id: int, user_id: int) -> None:
    """Remember everyone who shaped a revision (saved an answer, opened or submitted it)."""
    statement = _RECORD_AUTHOR[
        "postgresql" if session.get_bind().dialect.name == "postgresql" else "sqlite"
    ]
    session.execute(statement, {"of_revision": revision_id, "contributor": user_id})
