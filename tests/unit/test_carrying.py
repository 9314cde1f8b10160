"""Which answers go along when an assessment moves to another version of its set: by key, by
`renamed_from`, answers to questions no longer asked kept aside, values that no longer fit left
behind with the reason, new questions named."""

from pathlib import Path

from app.assessments.carrying import carry_answers, is_new, is_reworded, no_longer_asked
from app.questionnaire.loader import load_set
from app.questionnaire.model import Questionnaire, questionnaire_from_content

REGISTER = (Path(__file__).parents[1] / "fixtures" / "questionnaires" / "register.yaml").read_text()


def version(text: str, *changes: tuple[str, str]) -> Questionnaire:
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return questionnaire_from_content(load_set(text, "register.yaml").content)


OLD = version(REGISTER)
# 1.1: 1.3 renamed to 1.3b, option c dropped; 2.3 (action points) removed; 2.4 new.
NEW = version(
    REGISTER,
    ('version: "1.0"', 'version: "1.1"'),
    ('      - key: "1.3"\n', '      - key: "1.3b"\n        renamed_from: ["1.3"]\n'),
    ('          - {value: c, label: {nl: "C", en: "C"}}\n', ""),
    (
        '{question: "1.3", min_selected: 2}, {question',
        '{question: "1.3b", min_selected: 2}, {question',
    ),
    ('{question: "1.3", answered: true}', '{question: "1.3b", answered: true}'),
    ('{not: {question: "1.3", min_selected: 2}}', '{not: {question: "1.3b", min_selected: 2}}'),
    (
        '      - key: "2.3"\n        type: actions\n',
        '      - key: "2.4"\n        type: actions\n',
    ),
)


def test_answers_go_along_by_key_and_by_their_old_name() -> None:
    values = {"1.1": False, "1.3": ["a", "b"], "2.1": {"likelihood": "low"}}
    plan = carry_answers(OLD, NEW, values)
    assert plan.carried == {"1.1": False, "1.3b": ["a", "b"], "2.1": {"likelihood": "low"}}
    assert plan.renamed == {"1.3b": "1.3"}
    assert plan.no_longer_asked == {} and plan.not_carried == []


def test_an_answer_to_a_removed_question_is_kept_aside_and_a_new_one_named() -> None:
    actions = [{"action": "Toets", "status": "open"}]
    plan = carry_answers(OLD, NEW, {"2.3": actions})
    assert plan.no_longer_asked == {"2.3": actions}
    assert plan.answers == {"2.3": actions}
    assert plan.new_questions == ["2.4"]
    assert no_longer_asked(NEW, {"2.3": actions, "1.1": True}) == {"2.3": actions}


def test_what_still_fits_goes_along_and_the_rest_is_named() -> None:
    plan = carry_answers(OLD, NEW, {"1.3": ["a", "c"]})
    assert plan.carried == {"1.3b": ["a"]}
    [left] = plan.not_carried
    assert (left.old_key, left.new_key, left.value, left.partly) == (
        "1.3",
        "1.3b",
        ["a", "c"],
        True,
    )
    assert "Unknown option(s): c" in left.reason


def test_a_table_keeps_its_rows_without_a_column_that_went() -> None:
    fewer = version(
        REGISTER,
        ('version: "1.0"', 'version: "1.1"'),
        (
            "          - key: review\n"
            '            label: {nl: "Herzien op", en: "Review on"}\n'
            "            type: date\n",
            "",
        ),
    )
    rows = [{"risk": "Bias", "review": "2027-01-31"}, {"risk": "Lek"}]
    plan = carry_answers(OLD, fewer, {"2.2": rows})
    assert plan.carried == {"2.2": [{"risk": "Bias"}, {"risk": "Lek"}]}
    assert [(n.new_key, n.partly) for n in plan.not_carried] == [("2.2", True)]


def test_a_value_of_another_type_is_not_carried_at_all() -> None:
    retyped = version(
        REGISTER,
        ('version: "1.0"', 'version: "1.1"'),
        ('      - key: "1.1"\n        type: yesno\n', '      - key: "1.1"\n        type: text\n'),
        ('{question: "1.1", equals: true}]}', '{question: "1.1", answered: true}]}'),
        ('{question: "1.1", equals: true}\n', '{question: "1.1", answered: true}\n'),
        ('show_if: {question: "1.1", equals: false}', 'show_if: {question: "1.1", answered: true}'),
    )
    plan = carry_answers(OLD, retyped, {"1.1": False})
    assert plan.carried == {}
    [left] = plan.not_carried
    assert (left.new_key, left.value, left.partly) == ("1.1", False, False)


def test_the_same_set_carries_everything_and_has_nothing_new() -> None:
    values = {"1.1": False, "2.2": [{"risk": "Bias"}]}
    plan = carry_answers(OLD, OLD, values)
    assert plan.carried == values and plan.new_questions == []
    assert not any(is_new(q, OLD) for q in OLD.questions)
    assert is_new(NEW.by_key["2.4"], OLD) and not is_new(NEW.by_key["1.3b"], OLD)


def test_a_question_in_other_words_is_marked_for_checking() -> None:
    reworded = version(REGISTER, ('en: "Prohibited practice?"', 'en: "A prohibited practice?"'))
    assert is_reworded(reworded.by_key["1.1"], OLD)
    assert not is_reworded(NEW.by_key["1.3b"], OLD)  # renamed, same words
    assert not is_reworded(NEW.by_key["2.4"], OLD)  # new, not reworded


def test_a_rating_keeps_the_axis_whose_level_is_still_there() -> None:
    # 1.1 drops the severity "high" from the matrix that 2.1 and the register share.
    severity_high = '            - {value: high, label: {nl: "Hoog", en: "High"}}\n'
    start = REGISTER.index("          severity:\n")
    cut = REGISTER.index(severity_high, start)
    text = REGISTER[:cut] + REGISTER[cut + len(severity_high) :]
    lower = version(text, ('version: "1.0"', 'version: "1.1"'))
    rating = {"likelihood": "high", "severity": "high"}
    plan = carry_answers(OLD, lower, {"2.1": rating, "2.2": [{"risk": "Bias", "inherent": rating}]})
    assert plan.carried == {
        "2.1": {"likelihood": "high"},
        "2.2": [{"risk": "Bias", "inherent": {"likelihood": "high"}}],
    }
    assert [(n.new_key, n.partly) for n in plan.not_carried] == [("2.1", True), ("2.2", True)]
