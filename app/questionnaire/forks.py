"""Forking: an organisation makes its own draft of any set it sees, under a key of its own,
remembering where it came from (forked_from, and the whole lineage, nearest first)."""

import json

from sqlmodel import Session

from app.access import Actor
from app.audit.chain import record
from app.errors import StateConflict
from app.i18n import _
from app.models import QuestionnaireSet
from app.questionnaire.catalogue import (
    Operator,
    as_admin,
    check_key,
    check_version,
    own_versions,
    visible_set,
)
from app.questionnaire.drafts import ancestors_of, store_draft


def fork(
    session: Session,
    who: Actor | Operator,
    source_ref: str,
    new_key: str,
    version: str = "1.0",
) -> QuestionnaireSet:
    """A draft copy of `source_ref` as `new_key@version`, owned by the maker's organisation."""
    maker = as_admin(who)
    new_key, version = check_key(new_key.strip()), check_version(version.strip())
    source = visible_set(session, maker.organisation_id, source_ref)
    if own_versions(session, maker.organisation_id, new_key):
        raise StateConflict(
            _("Your organisation already has a set with the key %(key)s; choose another.")
            % {"key": new_key}
        )
    content = json.loads(source.content)
    lineage = [source.ref, *ancestors_of(content)]
    content.update(key=new_key, version=version, forked_from=source.ref, lineage=lineage)
    # Someone (of any organisation) may take the key between the check and the insert.
    taken = _("The key %(key)s was taken a moment ago; choose another.") % {"key": new_key}
    row = store_draft(session, maker, content, taken=taken)
    record(
        session,
        maker.organisation_id,
        maker.user_id,
        "questionnaire.forked",
        subject=row.ref,
        detail={"from": source.ref},
    )
    session.commit()
    return row
