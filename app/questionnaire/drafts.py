"""Drafts of an organisation's own sets: stored from content, edited by replacing their YAML
text, and started as the next version of a published set. A published version never changes."""

import json
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.access import Actor
from app.audit.chain import record
from app.errors import InvalidInput, InvalidYaml, StateConflict
from app.i18n import _, ngettext
from app.models import QuestionnaireSet, SetStatus
from app.questionnaire.catalogue import (
    Maker,
    Operator,
    as_admin,
    check_version,
    own_set,
    sets_with_key,
    version_order,
)
from app.questionnaire.loader import (
    LintError,
    LoadedSet,
    QuestionnaireInvalid,
    load_set,
    parse_yaml,
)
from app.questionnaire.writer import set_yaml

# The fields that say which set a text is: the editor may change everything else.
IDENTITY = ("key", "version", "forked_from", "lineage")


def invalid_yaml(errors: list[LintError]) -> InvalidYaml:
    return InvalidYaml(
        ngettext(
            "The YAML has %(num)d problem; nothing was saved.",
            "The YAML has %(num)d problems; nothing was saved.",
            len(errors),
        )
        % {"num": len(errors)},
        [{"line": e.line, "column": e.column, "message": e.message} for e in errors],
    )


def validated(text: str, path: str) -> LoadedSet:
    """`text` as a valid set, or InvalidYaml with every problem at its line and column."""
    try:
        return load_set(text, path)
    except QuestionnaireInvalid as invalid:
        raise invalid_yaml(invalid.errors) from None


def ancestors_of(content: dict[str, Any]) -> list[str]:
    """A set's lineage, nearest first; an older file may name only its parent."""
    lineage = list(content.get("lineage") or [])
    parent = content.get("forked_from")
    return lineage or ([parent] if parent else [])


def store_draft(
    session: Session, maker: Maker, content: dict[str, Any], *, taken: str
) -> QuestionnaireSet:
    """A new draft of the maker's organisation, checked like any file; flushed, not committed.
    `taken` says why when the database refuses it: someone stored the same key and version,
    or another draft of the key, a moment ago (after the caller's checks)."""
    ref = f"{content['key']}@{content['version']}"
    loaded = validated(set_yaml(content), ref)
    row = QuestionnaireSet(
        key=loaded.content["key"],
        version=loaded.content["version"],
        organisation_id=maker.organisation_id,
        forked_from=loaded.content.get("forked_from"),
        title=loaded.content["title"]["nl"],
        content=loaded.canonical_json,
        content_hash=loaded.content_hash,
        status=SetStatus.DRAFT,
        created_by=maker.user_id,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise StateConflict(taken) from None
    return row


def change_draft(
    session: Session, stored: QuestionnaireSet, expected_hash: str, **values: Any
) -> None:
    """Write `values` to the draft only if it is still a draft with the content the person saw:
    a save or a publish by someone else in between wins, and this one is refused."""
    result = session.connection().execute(
        update(QuestionnaireSet)
        .where(
            col(QuestionnaireSet.id) == stored.id,
            col(QuestionnaireSet.status) == SetStatus.DRAFT,
            col(QuestionnaireSet.content_hash) == expected_hash,
        )
        .values(**values)
    )
    if result.rowcount != 1:
        session.rollback()
        raise stale_draft()
    session.expire(stored)


def stale_draft() -> StateConflict:
    return StateConflict(
        _(
            "Someone changed or published this draft after you opened it, so nothing was "
            "saved. Reload the page to see it as it is now."
        )
    )


def draft_yaml(stored: QuestionnaireSet) -> str:
    """What the editor starts from."""
    return set_yaml(json.loads(stored.content))


def _identity_errors(
    text: str, stored: QuestionnaireSet, content: dict[str, Any]
) -> list[LintError]:
    """Key, version and ancestry say which set this is; the text may not change them."""
    kept = json.loads(stored.content)
    root = parse_yaml(text, stored.ref)
    errors = []
    for field in IDENTITY:
        wanted, given = kept.get(field), content.get(field)
        if (wanted or None) == (given or None):
            continue
        line, column = root.lc.key(field) if field in root else (0, 0)
        errors.append(
            LintError(
                stored.ref,
                line + 1,
                column + 1,
                _("%(field)s must stay %(value)s: it says which set this is.")
                % {"field": field, "value": json.dumps(wanted, ensure_ascii=False)},
            )
        )
    return errors


def edit_draft(
    session: Session, who: Actor | Operator, ref: str, text: str, *, based_on: str
) -> QuestionnaireSet:
    """Replace a draft's content by `text`. `based_on` is the content hash the editor started
    from: if the draft changed since, nothing is overwritten."""
    maker = as_admin(who)
    stored = own_set(session, maker.organisation_id, ref)
    if not stored.is_draft:
        raise StateConflict(_("Published versions never change; start a new version."))
    if based_on != stored.content_hash:
        raise stale_draft()
    loaded = validated(text, stored.ref)
    errors = _identity_errors(text, stored, loaded.content)
    if errors:
        raise invalid_yaml(errors)
    if loaded.content_hash == stored.content_hash:
        return stored
    before = stored.content_hash
    change_draft(
        session,
        stored,
        based_on,
        content=loaded.canonical_json,
        content_hash=loaded.content_hash,
        title=loaded.content["title"]["nl"],
    )
    record(
        session,
        maker.organisation_id,
        maker.user_id,
        "questionnaire.edited",
        subject=stored.ref,
        before_hash=before,
        after_hash=loaded.content_hash,
    )
    session.commit()
    return stored


def next_minor(version: str) -> str:
    """1.0 -> 1.1, 2 -> 2.1, 1.2.3 -> 1.3."""
    major, minor, _patch = version_order(version)
    return f"{major}.{minor + 1}"


def start_new_version(
    session: Session, who: Actor | Operator, ref: str, version: str | None = None
) -> QuestionnaireSet:
    """A draft of the next version of an own published set, copying its newest version."""
    maker = as_admin(who)
    stored = own_set(session, maker.organisation_id, ref)
    versions = sets_with_key(session, stored.key)
    draft = next((v for v in versions if v.is_draft), None)
    if draft is not None:
        raise StateConflict(
            _("%(ref)s is still a draft: publish it before starting another version.")
            % {"ref": draft.ref}
        )
    latest = versions[-1]
    version = check_version(version.strip()) if version and version.strip() else None
    version = version or next_minor(latest.version)
    if version_order(version) <= version_order(latest.version):
        raise InvalidInput(
            _("A new version needs a number above %(latest)s, for example %(next)s.")
            % {"latest": latest.version, "next": next_minor(latest.version)}
        )
    content = json.loads(latest.content)
    content["version"] = version
    # Two admins may start a version at once: the database keeps one draft per key.
    taken = _(
        "Someone else started a new version of %(key)s a moment ago, and a set has one draft at "
        "a time. Reload the page to see it."
    ) % {"key": stored.key}
    row = store_draft(session, maker, content, taken=taken)
    record(
        session,
        maker.organisation_id,
        maker.user_id,
        "questionnaire.version_started",
        subject=row.ref,
        detail={"from": latest.ref},
    )
    session.commit()
    return row
