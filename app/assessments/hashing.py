"""The content hash that seals a revision: SHA-256 over a canonical form of its answers, its
questionnaire version and its parent's hash, so rewriting history breaks the chain."""

import hashlib
from collections.abc import Mapping
from typing import Any

from app.questionnaire.loader import canonical_json
from app.questionnaire.visibility import is_answered

HASH_FORMAT = "levend-revision/1"


def revision_content_hash(
    *,
    number: int,
    questionnaire_ref: str,
    questionnaire_hash: str,
    answers: Mapping[str, Any],
    parent_hash: str | None,
) -> str:
    payload = {
        "format": HASH_FORMAT,
        "number": number,
        "questionnaire": questionnaire_ref,
        "questionnaire_hash": questionnaire_hash,
        "parent_hash": parent_hash,
        # An empty answer and no answer are the same content.
        "answers": {key: value for key, value in answers.items() if is_answered(value)},
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()
