"""compare_questionnaires: what one version (or fork) of a set changed against another, question
by question, in the new set's order with removed questions after; renames follow renamed_from."""

import copy
from collections.abc import Callable
from typing import Any

from app.diff.revisions import WordOp
from app.questionnaire.compare import Change, compare_questionnaires
from app.questionnaire.model import Questionnaire, questionnaire_from_content
from tests.unit.helpers import fria_questionnaire, small_loaded, small_questionnaire

Edit = Callable[[dict[str, Any]], None]


def changed(edit: Edit, version: str = "1.1") -> Questionnaire:
    content = copy.deepcopy(small_loaded().content)
    content["version"] = version
    edit(content)
    return questionnaire_from_content(content)


def question(content: dict[str, Any], key: str) -> dict[str, Any]:
    return next(q for s in content["sections"] for q in s["questions"] if q["key"] == key)


def by_key(old: Questionnaire, new: Questionnaire) -> dict[str, Any]:
    return {q.key: q for q in compare_questionnaires(old, new).questions}


def test_the_same_questions_are_unchanged() -> None:
    result = compare_questionnaires(small_questionnaire(), changed(lambda c: None))
    assert (result.old_ref, result.new_ref) == ("klein@1.0", "klein@1.1")
    assert [q.key for q in result.questions] == [q.key for q in small_questionnaire().questions]
    assert result.count(Change.UNCHANGED) == len(result.questions)
    assert result.changes == []


def test_a_fork_of_the_real_fria_set_changes_nothing_until_edited() -> None:
    fria = fria_questionnaire()
    assert compare_questionnaires(fria, fria).changes == []


def test_a_reworded_question_shows_its_words_per_language() -> None:
    def reword(content: dict[str, Any]) -> None:
        question(content, "1.1")["text"]["nl"] = "Wat doet het AI-systeem precies?"

    [change] = compare_questionnaires(small_questionnaire(), changed(reword)).changes
    assert (change.key, change.status, change.aspects) == ("1.1", Change.REWORDED, ())
    [rewording] = change.rewordings
    assert (rewording.language, rewording.old, rewording.new) == (
        "nl",
        "Wat doet het systeem?",
        "Wat doet het AI-systeem precies?",
    )
    inserted = [w.text for w in rewording.words if w.op == WordOp.INSERT]
    assert [text.strip() for text in inserted] == ["AI-", "precies"]
    # The words give both texts back.
    assert "".join(w.text for w in rewording.words if w.op != WordOp.DELETE) == rewording.new
    assert "".join(w.text for w in rewording.words if w.op != WordOp.INSERT) == rewording.old


def test_a_changed_question_says_what_changed() -> None:
    def edit(content: dict[str, Any]) -> None:
        question(content, "1.1")["required"] = False
        question(content, "1.1")["guidance"] = {"nl": "Kort.", "en": "Briefly."}
        question(content, "1.4")["options"][2]["label"]["en"] = "Without end"
        question(content, "1.3")["show_if"] = {"question": "1.2", "equals": False}
        question(content, "1.6")["type"] = "date"

    changes = by_key(small_questionnaire(), changed(edit))
    assert changes["1.1"].aspects == ("required", "guidance")
    assert changes["1.4"].aspects == ("options",)
    assert changes["1.3"].aspects == ("show_if",)
    assert changes["1.6"].aspects == ("type",)
    assert {changes[k].status for k in ("1.1", "1.4", "1.3", "1.6")} == {Change.CHANGED}
    assert changes["1.2"].status == Change.UNCHANGED


def test_a_reworded_question_that_also_changed_is_reworded_with_its_changes() -> None:
    def edit(content: dict[str, Any]) -> None:
        question(content, "1.1")["text"]["en"] = "What does the system do, in brief?"
        question(content, "1.1")["required"] = False

    change = by_key(small_questionnaire(), changed(edit))["1.1"]
    assert (change.status, change.aspects) == (Change.REWORDED, ("required",))
    assert [r.language for r in change.rewordings] == ["en"]


def test_a_question_in_another_section_moved() -> None:
    def move(content: dict[str, Any]) -> None:
        first, second = content["sections"]
        moving = first["questions"].pop(0)
        second["questions"].append(moving)

    result = compare_questionnaires(small_questionnaire(), changed(move))
    change = {q.key: q for q in result.questions}["1.1"]
    assert (change.status, change.moved_from, change.new and change.new.section_key) == (
        Change.MOVED,
        "1",
        "2",
    )
    assert [q.key for q in result.questions][-1] == "1.1"  # the new set's order


def test_added_questions_in_place_and_removed_ones_last() -> None:
    def edit(content: dict[str, Any]) -> None:
        first = content["sections"][0]["questions"]
        first.insert(1, {"key": "1.1b", "text": {"nl": "Nieuw?", "en": "New?"}, "type": "text"})
        content["sections"][1]["questions"] = [
            q for q in content["sections"][1]["questions"] if q["key"] not in ("2.4",)
        ]

    result = compare_questionnaires(small_questionnaire(), changed(edit))
    keys = [(q.key, q.status) for q in result.questions]
    assert keys[:3] == [("1.1", Change.UNCHANGED), ("1.1b", Change.ADDED), ("1.2", "unchanged")]
    assert keys[-1] == ("2.4", Change.REMOVED)
    assert (result.count("added"), result.count("removed")) == (1, 1)
    removed = result.questions[-1]
    assert removed.new is None and removed.old is not None and removed.old_key == "2.4"


def test_a_renamed_question_is_the_old_question_not_removed_and_added() -> None:
    def rename(content: dict[str, Any]) -> None:
        renamed = question(content, "1.1")
        renamed["key"] = "1.1-new"
        renamed["renamed_from"] = ["1.1"]

    result = compare_questionnaires(small_questionnaire(), changed(rename))
    assert result.count(Change.ADDED) == result.count(Change.REMOVED) == 0
    change = result.questions[0]
    assert (change.key, change.renamed_from, change.status, change.aspects) == (
        "1.1-new",
        "1.1",
        Change.CHANGED,
        ("key",),
    )
    assert change.rewordings == ()


def test_a_kept_key_wins_over_a_rename_that_names_it() -> None:
    def edit(content: dict[str, Any]) -> None:
        first = content["sections"][0]["questions"]
        first.append(
            {
                "key": "1.9",
                "text": {"nl": "Nog een?", "en": "Another?"},
                "type": "text",
                "renamed_from": ["1.0-old"],
            }
        )

    changes = by_key(small_questionnaire(), changed(edit))
    assert changes["1.9"].status == Change.ADDED
    assert changes["1.1"].status == Change.UNCHANGED
