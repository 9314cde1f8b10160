"""Comment threads on a revision: on one question or on the revision as a whole. A thread
stays on the revision it was started on; later revisions show it too, marked as earlier."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from app.access import Actor
from app.assessments.service import RevisionView
from app.audit.chain import record
from app.errors import InvalidInput, NotFound, StateConflict
from app.i18n import _
from app.models import Comment, Revision, Role, utcnow

MAX_COMMENT = 10_000


@dataclass
class Thread:
    root: Comment
    revision_number: int
    replies: list[Comment] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.root.resolved

    @property
    def people(self) -> list[int]:
        return [self.root.author_id, *(r.author_id for r in self.replies)] + (
            [self.root.resolved_by] if self.root.resolved_by else []
        )


def _clean(body: str) -> str:
    text = body.strip()
    if not text:
        raise InvalidInput(_("A comment needs some text."))
    if len(text) > MAX_COMMENT:
        raise InvalidInput(
            _("The comment is longer than %(limit)d characters.") % {"limit": MAX_COMMENT}
        )
    return text


def _root(session: Session, view: RevisionView, thread_id: int) -> tuple[Comment, int]:
    """The thread's first comment and its revision's number, if it belongs to this
    assessment and is not later than the revision shown."""
    row = session.exec(
        select(Comment, Revision.number)
        .join(Revision, col(Revision.id) == Comment.revision_id)
        .where(
            Comment.id == thread_id,
            col(Comment.thread_id).is_(None),
            Revision.assessment_id == view.assessment.id,
            col(Revision.number) <= view.revision.number,
        )
    ).first()
    if row is None:
        raise NotFound(_("There is no comment thread %(id)d here.") % {"id": thread_id})
    return row[0], row[1]


def add_comment(
    session: Session,
    actor: Actor,
    view: RevisionView,
    *,
    body: str,
    question_key: str | None = None,
    thread_id: int | None = None,
) -> Comment:
    """Start a thread (on a question or on the revision), or reply to one."""
    actor.require(Role.EDITOR)
    text = _clean(body)
    if thread_id is not None:
        root, _number = _root(session, view, thread_id)
        revision_id, question_key = root.revision_id, root.question_key
    else:
        if question_key:
            view.question(question_key)  # NotFound for a key the set does not have
        assert view.revision.id is not None
        revision_id = view.revision.id
    comment = Comment(
        revision_id=revision_id,
        question_key=question_key or None,
        thread_id=thread_id,
        author_id=actor.user_id,
        body=text,
    )
    session.add(comment)
    session.flush()
    record(
        session,
        actor.organisation_id,
        actor.user_id,
        "comment.added",
        assessment_id=view.assessment.id,
        revision_number=view.revision.number,
        subject=question_key or "",
        detail={"comment": comment.id, "thread": thread_id or comment.id},
    )
    session.commit()
    return comment


def resolve_thread(session: Session, actor: Actor, view: RevisionView, thread_id: int) -> Comment:
    """The editor marks a thread as dealt with; it stays visible, marked resolved."""
    actor.require(Role.EDITOR)
    root, _number = _root(session, view, thread_id)
    if root.resolved:
        raise StateConflict(_("This thread is resolved already."))
    root.resolved = True
    root.resolved_by = actor.user_id
    root.resolved_at = utcnow()
    session.add(root)
    record(
        session,
        actor.organisation_id,
        actor.user_id,
        "comment.resolved",
        assessment_id=view.assessment.id,
        revision_number=view.revision.number,
        subject=root.question_key or "",
        detail={"thread": root.id},
    )
    session.commit()
    return root


# Built once: the form page asks it on every view, and building the statement cost as much as
# running it.
_THREADS_UP_TO = (
    select(Comment, Revision.number)
    .join(Revision, col(Revision.id) == Comment.revision_id)
    .where(
        Revision.assessment_id == bindparam("assessment_id"),
        col(Revision.number) <= bindparam("number"),
    )
    .order_by(col(Comment.created_at), col(Comment.id))
)


def threads_up_to(session: Session, assessment_id: int, number: int) -> list[Thread]:
    """Every thread of revision `number` and the earlier ones of its assessment, oldest
    first."""
    rows: Sequence[tuple[Comment, int]] = session.exec(
        _THREADS_UP_TO, params={"assessment_id": assessment_id, "number": number}
    ).all()
    threads: dict[int, Thread] = {}
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment, number in rows:
        assert comment.id is not None
        if comment.thread_id is None:
            threads[comment.id] = Thread(root=comment, revision_number=number)
        else:
            replies[comment.thread_id].append(comment)
    for root_id, found in replies.items():
        if root_id in threads:
            threads[root_id].replies = found
    return list(threads.values())


def by_question(threads: Sequence[Thread]) -> dict[str | None, list[Thread]]:
    grouped: dict[str | None, list[Thread]] = defaultdict(list)
    for thread in threads:
        grouped[thread.root.question_key].append(thread)
    return dict(grouped)
