"""Comparing two revisions' answers: a status per question, text word by word."""

import itertools
import random

import pytest

from app.diff.revisions import (
    QuestionDiff,
    Status,
    WordChange,
    WordOp,
    changes_only,
    diff_answer,
    diff_revisions,
    diff_words,
)

EQ, INS, DEL = WordOp.EQUAL, WordOp.INSERT, WordOp.DELETE


def ops(changes: tuple[WordChange, ...]) -> list[tuple[WordOp, str]]:
    return [(change.op, change.text) for change in changes]


def new_text(changes: tuple[WordChange, ...]) -> str:
    return "".join(c.text for c in changes if c.op in (EQ, INS))


def old_text(changes: tuple[WordChange, ...]) -> str:
    return "".join(c.text for c in changes if c.op in (EQ, DEL))


# --- words -----------------------------------------------------------------------------------

WORDS = [
    "de", "gemeente", "gebruikt", "het", "systeem", "voor", "signalering", "inwoners",
    "worden", "geïnformeerd", "financiële", "één", "2025", "FG", "art.", "27(1)", ",", ".",
    ";", "—", "(", ")", "€", "100",
]  # fmt: skip
SPACES = [" ", " ", " ", "  ", "\n", "\n\n", "\t"]


def random_text(rng: random.Random) -> str:
    return "".join(
        rng.choice(WORDS) + rng.choice(SPACES) if rng.random() < 0.8 else rng.choice(WORDS)
        for _ in range(rng.randrange(0, 25))
    )


def test_diff_words_round_trips_on_many_generated_texts() -> None:
    """Joining EQUAL+INSERT gives the new text, EQUAL+DELETE the old; no empty or repeated ops."""
    rng = random.Random(27)
    for _ in range(1500):
        old = random_text(rng)
        new = random_text(rng) if rng.random() < 0.3 else mutate(rng, old)
        changes = diff_words(old, new)
        assert new_text(changes) == new, (old, new)
        assert old_text(changes) == old, (old, new)
        assert all(change.text for change in changes)
        assert all(a.op != b.op for a, b in itertools.pairwise(changes))


def mutate(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(rng.randrange(1, 4)):
        position = rng.randrange(0, len(words) + 1)
        if rng.random() < 0.5 and position < len(words):
            del words[position]
        else:
            words.insert(position, rng.choice(WORDS))
    return " ".join(words)


@pytest.mark.parametrize(
    ("old", "new"),
    [("", ""), ("", "Nieuw antwoord."), ("Oud antwoord.", ""), ("zelfde", "zelfde")],
)
def test_diff_words_round_trips_at_the_edges(old: str, new: str) -> None:
    changes = diff_words(old, new)
    assert (old_text(changes), new_text(changes)) == (old, new)


def test_one_replaced_word_in_a_dutch_sentence() -> None:
    changes = diff_words(
        "Medewerkers controleren elke melding handmatig.",
        "Medewerkers controleren elke melding steekproefsgewijs.",
    )
    assert ops(changes) == [
        (EQ, "Medewerkers controleren elke melding "),
        (DEL, "handmatig"),
        (INS, "steekproefsgewijs"),
        (EQ, "."),
    ]


def test_inserted_words_in_a_dutch_sentence() -> None:
    changes = diff_words(
        "De gemeente gebruikt het systeem voor signalering.",
        "De gemeente gebruikt het systeem sinds 2025 alleen voor signalering.",
    )
    assert [c.op for c in changes] == [EQ, INS, EQ]
    assert changes[1].text.split() == ["sinds", "2025", "alleen"]


def test_words_with_diacritics_stay_whole() -> None:
    changes = diff_words(
        "Inwoners worden vooraf geïnformeerd over de inzet van het algoritme.",
        "Inwoners worden achteraf per brief geïnformeerd over de inzet.",
    )
    assert ops(changes) == [
        (EQ, "Inwoners worden "),
        (DEL, "vooraf"),
        (INS, "achteraf per brief"),
        (EQ, " geïnformeerd over de inzet"),
        (DEL, " van het algoritme"),
        (EQ, "."),
    ]


def test_punctuation_is_a_token_of_its_own() -> None:
    changes = diff_words("Zie de DPIA.", "Zie de DPIA, versie 2.")
    assert ops(changes) == [(EQ, "Zie de DPIA"), (INS, ", versie 2"), (EQ, ".")]


# --- one answer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "status"),
    [
        ("Tekst", "Tekst", Status.UNCHANGED),
        (None, None, Status.UNCHANGED),
        ("", None, Status.UNCHANGED),
        ([], None, Status.UNCHANGED),
        (True, True, Status.UNCHANGED),
        (["a", "b"], ["a", "b"], Status.UNCHANGED),
        ("Oud", "Nieuw", Status.CHANGED),
        (True, False, Status.CHANGED),
        ("pilot", "ongoing", Status.CHANGED),
        (["a"], ["a", "b"], Status.CHANGED),
        ("2026-01-31", "2026-02-28", Status.CHANGED),
        (None, "Nieuw", Status.ADDED),
        ("", "Nieuw", Status.ADDED),
        ([], ["a"], Status.ADDED),
        (None, False, Status.ADDED),
        ("Oud", None, Status.REMOVED),
        ("Oud", "", Status.REMOVED),
        (False, None, Status.REMOVED),
    ],
)
def test_status_of_one_answer(old: object, new: object, status: Status) -> None:
    assert diff_answer("1.1", old, new).status == status


def test_a_changed_text_answer_carries_its_word_changes() -> None:
    diff = diff_answer("1.1", "Alleen signalering.", "Ook selectie.")
    assert diff.words is not None
    assert (old_text(diff.words), new_text(diff.words)) == ("Alleen signalering.", "Ook selectie.")


@pytest.mark.parametrize(
    ("old", "new"),
    [("Tekst", "Tekst"), (None, "Nieuw"), ("Oud", None), ("pilot", ["pilot"]), (True, False)],
)
def test_only_two_different_texts_get_word_changes(old: object, new: object) -> None:
    assert diff_answer("1.1", old, new).words is None


def test_empty_answers_are_shown_as_no_answer() -> None:
    diff = diff_answer("2.1", [], "")
    assert (diff.old, diff.new) == (None, None)


# --- revisions -------------------------------------------------------------------------------

OLD = {"1.1": "Herkent zwerfafval.", "1.2": True, "1.3": "Op intranet", "1.4": "pilot"}
NEW = {"1.1": "Herkent zwerfafval en graffiti.", "1.2": True, "1.4": "pilot", "2.1": ["other"]}


def test_one_entry_per_question_in_questionnaire_order() -> None:
    diffs = diff_revisions(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"], OLD, NEW)
    assert [(d.key, d.status) for d in diffs] == [
        ("1.1", Status.CHANGED),
        ("1.2", Status.UNCHANGED),
        ("1.3", Status.REMOVED),
        ("1.4", Status.UNCHANGED),
        ("2.1", Status.ADDED),
        ("2.2", Status.UNCHANGED),
    ]


def test_answers_to_keys_the_questionnaire_lacks_still_appear_at_the_end() -> None:
    old = {**OLD, "oud.1": "Een vraag die in de nieuwe versie is vervallen"}
    new = {**NEW, "nieuw.9": "Een antwoord op een vraag die niet in de lijst staat"}
    diffs = diff_revisions(["1.1", "1.2"], old, new)
    assert [d.key for d in diffs] == ["1.1", "1.2", "1.3", "1.4", "oud.1", "2.1", "nieuw.9"]
    by_key = {d.key: d for d in diffs}
    assert by_key["oud.1"] == QuestionDiff(
        key="oud.1", status=Status.REMOVED, old=old["oud.1"], new=None
    )
    assert by_key["nieuw.9"].status == Status.ADDED


def test_changes_only_leaves_out_unchanged_questions() -> None:
    diffs = diff_revisions(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"], OLD, NEW)
    assert [(d.key, d.status) for d in changes_only(diffs)] == [
        ("1.1", Status.CHANGED),
        ("1.3", Status.REMOVED),
        ("2.1", Status.ADDED),
    ]
    assert changes_only(diff_revisions(["1.1"], OLD, OLD)) == []


def test_choice_codes_are_compared_whole_not_word_by_word() -> None:
    diffs = diff_revisions(
        ["a.1", "a.3"],
        {"a.1": "Old text", "a.3": "prioritisation"},
        {"a.1": "New text", "a.3": "information"},
        text_keys={"a.1"},
    )
    by_key = {d.key: d for d in diffs}
    assert by_key["a.1"].words is not None
    assert by_key["a.3"].status == "changed"
    assert by_key["a.3"].words is None


def test_very_long_answers_are_shown_replaced_whole_instead_of_diffed_slowly() -> None:
    from app.diff.revisions import MAX_DIFF_TOKENS

    old = "woord " * MAX_DIFF_TOKENS
    new = old + "nieuw"
    changes = diff_words(old, new)
    assert [(c.op, c.text) for c in changes] == [(DEL, old), (INS, new)]
