"""Stored questionnaire sets: load built-in files into the database, look a version up."""

import json
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from app.models import QuestionnaireSet, SetStatus
from app.questionnaire.loader import LoadedSet, load_file, set_files
from app.questionnaire.model import Questionnaire, questionnaire_from_content


class QuestionnaireConflict(Exception):
    """A version with this key already exists with other content; versions are immutable."""


@lru_cache(maxsize=256)
def _parse(content_hash: str, content: str) -> Questionnaire:
    # Keyed by hash: stored content never changes, so every worker may keep its parsed copy.
    return questionnaire_from_content(json.loads(content))


def questionnaire_of(stored: QuestionnaireSet) -> Questionnaire:
    return _parse(stored.content_hash, stored.content)


def store_set(session: Session, loaded: LoadedSet) -> tuple[QuestionnaireSet, bool]:
    """Store a validated set; returns (row, created). Same content again is a no-op."""
    key, version = loaded.content["key"], loaded.content["version"]
    existing = session.exec(
        select(QuestionnaireSet).where(
            QuestionnaireSet.key == key, QuestionnaireSet.version == version
        )
    ).first()
    if existing is not None:
        if existing.content_hash != loaded.content_hash:
            raise QuestionnaireConflict(
                f"{key}@{version} is already stored with other content; "
                "a published version never changes, so give the new content a new version"
            )
        return existing, False
    row = QuestionnaireSet(
        key=key,
        version=version,
        forked_from=loaded.content.get("forked_from"),
        title=loaded.content["title"]["nl"],
        content=loaded.canonical_json,
        content_hash=loaded.content_hash,
    )
    session.add(row)
    session.flush()
    return row, True


def load_builtin_sets(session: Session, folder: Path) -> list[tuple[QuestionnaireSet, bool]]:
    results = [store_set(session, load_file(path)) for path in set_files([folder])]
    session.commit()
    return results


def _key_in(path: Path) -> str | None:
    """A set file's top-level `key`, read from its own line without parsing the whole file."""
    try:
        with path.open(encoding="utf-8") as lines:
            line = next((line for line in lines if line.startswith("key:")), None)
        value = YAML(typ="safe").load(line) if line else None
    except (OSError, UnicodeDecodeError, YAMLError):
        return None  # `levend lint` reports a broken file; it reserves no key
    key = value.get("key") if isinstance(value, dict) else None
    return key if isinstance(key, str) else None


@lru_cache(maxsize=8)
def builtin_keys(folder: Path) -> frozenset[str]:
    """The keys of the sets that ship with Levend (the files in `folder`), whether or not they
    are loaded yet. Read once per process: the files change only with a new release."""
    return frozenset(key for path in set_files([folder]) if (key := _key_in(path)))


def _visible_to(organisation_id: int | None) -> ColumnElement[bool]:
    """The built-in sets, an organisation's own sets (drafts included) for that organisation,
    and every organisation's published sets (the shared catalogue). Another organisation's
    draft is never visible."""
    owner = col(QuestionnaireSet.organisation_id)
    return or_(
        owner.is_(None),
        owner == organisation_id,
        col(QuestionnaireSet.status) == SetStatus.PUBLISHED,
    )


def list_sets(
    session: Session, *, organisation_id: int | None, published_only: bool = False
) -> list[QuestionnaireSet]:
    query = select(QuestionnaireSet).where(_visible_to(organisation_id))
    if published_only:
        query = query.where(QuestionnaireSet.status == SetStatus.PUBLISHED)
    return list(
        session.exec(query.order_by(col(QuestionnaireSet.key), col(QuestionnaireSet.created_at)))
    )


def find_set(
    session: Session, key: str, version: str, *, organisation_id: int | None
) -> QuestionnaireSet | None:
    return session.exec(
        select(QuestionnaireSet).where(
            QuestionnaireSet.key == key,
            QuestionnaireSet.version == version,
            _visible_to(organisation_id),
        )
    ).first()


def parse_ref(ref: str) -> tuple[str, str] | None:
    key, sep, version = ref.partition("@")
    return (key, version) if sep and key and version else None
