"""The content hash that seals a revision: it must depend on exactly the revision's content,
its questionnaire and its parent, and on nothing else (not dict order, not empty answers)."""

from typing import Any

import pytest

from app.assessments.hashing import revision_content_hash

QUESTIONNAIRE_HASH = "a" * 64
ANSWERS: dict[str, Any] = {
    "1.1": "Herkent zwerfafval.",
    "1.2": False,
    "2.1": ["children", "elderly"],
}


def seal(**changes: Any) -> str:
    arguments: dict[str, Any] = {
        "number": 1,
        "questionnaire_ref": "klein@1.0",
        "questionnaire_hash": QUESTIONNAIRE_HASH,
        "answers": ANSWERS,
        "parent_hash": None,
    }
    return revision_content_hash(**(arguments | changes))


def test_a_sealed_hash_still_verifies_after_an_upgrade() -> None:
    # Hashes are stored for ever; the format may not drift without a new HASH_FORMAT.
    assert seal() == "29b9798f685d931fc2038b8e1fb6cdb5a2eddd57c73d65f9f694d720d45f0516"


def test_deterministic() -> None:
    assert seal() == seal()
    assert len(seal()) == 64
    assert set(seal()) <= set("0123456789abcdef")


def test_independent_of_the_order_of_the_answers() -> None:
    assert seal(answers=dict(reversed(ANSWERS.items()))) == seal()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("1.1", "Herkent zwerfafval en graffiti."),
        ("1.1", "Herkent zwerfafval. "),
        ("1.2", True),
        ("2.1", ["children"]),
        ("2.1", ["elderly", "children"]),
        ("1.4", "ongoing"),
    ],
)
def test_changes_with_any_answer(key: str, value: Any) -> None:
    assert seal(answers={**ANSWERS, key: value}) != seal()


def test_changes_when_an_answer_is_removed() -> None:
    assert seal(answers={k: v for k, v in ANSWERS.items() if k != "1.2"}) != seal()


def test_an_answer_is_bound_to_its_question() -> None:
    moved = {**ANSWERS, "1.1": None, "1.3": ANSWERS["1.1"]}
    assert seal(answers=moved) != seal()


def test_changes_with_the_parent_hash() -> None:
    assert seal(parent_hash="b" * 64) != seal()
    assert seal(parent_hash="b" * 64) != seal(parent_hash="c" * 64)


def test_changes_with_the_questionnaire() -> None:
    assert seal(questionnaire_hash="f" * 64) != seal()
    assert seal(questionnaire_ref="klein@1.1") != seal()


def test_changes_with_the_revision_number() -> None:
    assert seal(number=2) != seal()


@pytest.mark.parametrize("empty", [None, "", []])
def test_an_empty_answer_is_the_same_content_as_no_answer(empty: Any) -> None:
    assert seal(answers={**ANSWERS, "1.6": empty}) == seal()
