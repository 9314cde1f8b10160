"""Sharing sets between installations: export any set an organisation sees as a YAML file, and
import such a file into an organisation as a published set, its lineage intact."""

import json
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.access import Actor
from app.audit.chain import record
from app.errors import StateConflict
from app.i18n import _
from app.models import QuestionnaireSet, SetStatus, utcnow
from app.questionnaire.catalogue import Operator, as_admin, own_versions, visible_set
from app.questionnaire.drafts import invalid_yaml, validated
from app.questionnaire.loader import MAX_FILE_BYTES, LintError
from app.questionnaire.writer import set_yaml


@dataclass(frozen=True)
class Exported:
    filename: str
    text: str


def export_set(session: Session, organisation_id: int | None, ref: str) -> Exported:
    stored = visible_set(session, organisation_id, ref)
    header = (
        f"{stored.ref}, exported from Levend{' (a draft)' if stored.is_draft else ''}.\n"
        "Import it under Questionnaires > Import, or with\n"
        "`levend questionnaire load FILE --org SLUG`."
    )
    return Exported(
        filename=f"{stored.key}-{stored.version}.yaml",
        text=set_yaml(json.loads(stored.content), header=header),
    )


def _text_of(data: bytes, filename: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise invalid_yaml([LintError(filename, 1, 1, _("the file is larger than 2 MB"))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise invalid_yaml(
            [LintError(filename, line, column, _("the file is not UTF-8 text"))]
        ) from None


def import_set(
    session: Session, who: Actor | Operator, data: bytes, filename: str
) -> tuple[QuestionnaireSet, bool]:
    """Store the file's set as a published set of the maker's organisation; returns (row,
    created). The same version with the same content again changes nothing."""
    maker = as_admin(who)
    loaded = validated(_text_of(data, filename), filename)
    key, version = loaded.content["key"], loaded.content["version"]
    # Past this, every stored version of the key is the organisation's own.
    versions = own_versions(session, maker.organisation_id, key)
    existing = next((row for row in versions if row.version == version), None)
    if existing is not None:
        if existing.content_hash != loaded.content_hash:
            raise StateConflict(
                _(
                    "%(ref)s is already on this installation with other content, and a "
                    "published version never changes. Give the set in the file a new version "
                    "number (or a key of your own) and import it again."
                )
                % {"ref": existing.ref}
            )
        if existing.status != SetStatus.PUBLISHED:
            raise StateConflict(
                _(
                    "%(ref)s is already on this installation as a draft. Give the set in the "
                    "file a new version number (or a key of your own) and import it again."
                )
                % {"ref": existing.ref}
            )
        return existing, False
    now = utcnow()
    row = QuestionnaireSet(
        key=key,
        version=version,
        organisation_id=maker.organisation_id,
        forked_from=loaded.content.get("forked_from"),
        title=loaded.content["title"]["nl"],
        content=loaded.canonical_json,
        content_hash=loaded.content_hash,
        status=SetStatus.PUBLISHED,
        created_by=maker.user_id,
        published_at=now,
        published_by=maker.user_id,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # Stored a moment ago, after the checks above, perhaps by another organisation.
        session.rollback()
        raise StateConflict(
            _("%(ref)s was stored by someone else a moment ago.") % {"ref": row.ref}
        ) from None
    record(
        session,
        maker.organisation_id,
        maker.user_id,
        "questionnaire.imported",
        subject=row.ref,
        after_hash=row.content_hash,
        detail={"file": filename[:200], "lineage": loaded.content.get("lineage", [])},
    )
    session.commit()
    return row, True
