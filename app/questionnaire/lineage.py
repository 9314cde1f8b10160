"""Where a set comes from: its ancestors, nearest first, each found on this installation (when
the organisation may see it) or marked as not here, as after an import from elsewhere."""

import json
from dataclasses import dataclass

from sqlmodel import Session

from app.models import QuestionnaireSet
from app.questionnaire.drafts import ancestors_of
from app.questionnaire.store import find_set, parse_ref


@dataclass(frozen=True)
class Ancestor:
    ref: str
    # None: not on this installation (or not visible to the organisation).
    stored: QuestionnaireSet | None

    @property
    def here(self) -> bool:
        return self.stored is not None


def lineage(session: Session, organisation_id: int, stored: QuestionnaireSet) -> list[Ancestor]:
    ancestors = []
    for ref in ancestors_of(json.loads(stored.content)):
        parsed = parse_ref(ref)
        found = find_set(session, *parsed, organisation_id=organisation_id) if parsed else None
        ancestors.append(Ancestor(ref=ref, stored=found))
    return ancestors
