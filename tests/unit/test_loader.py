"""Loading and linting questionnaire YAML: a valid set loads; every broken input is reported
with a message a questionnaire author understands, at the line and column of the mistake."""

import hashlib
import json
from pathlib import Path

import pytest

from app.questionnaire.loader import (
    MAX_FILE_BYTES,
    LintError,
    QuestionnaireInvalid,
    load_file,
    load_set,
)
from app.questionnaire.model import QuestionType, questionnaire_from_content
from tests.factories import FRIA_PATH
from tests.unit.helpers import SMALL_YAML, line_col


def errors_of(text: str, path: str = "klein.yaml") -> list[LintError]:
    with pytest.raises(QuestionnaireInvalid) as raised:
        load_set(text, path)
    assert str(raised.value) == "\n".join(str(e) for e in raised.value.errors)
    return raised.value.errors


def only_error(text: str) -> LintError:
    errors = errors_of(text)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def broken(old: str, new: str, *, count: int = 1) -> str:
    """The small set with one edit; the edit must apply, or the test would prove nothing."""
    assert SMALL_YAML.count(old) >= count, old
    return SMALL_YAML.replace(old, new, count)


# --- valid sets ---------------------------------------------------------------------------


def test_the_small_set_loads_with_every_question_in_order() -> None:
    loaded = load_set(SMALL_YAML, "klein.yaml")
    questionnaire = questionnaire_from_content(loaded.content)
    assert questionnaire.ref == "klein@1.0"
    assert [q.key for q in questionnaire.questions] == [
        "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4",
    ]  # fmt: skip
    # The other types have sets of their own: tests/unit/test_scale_and_informational.py and
    # tests/unit/test_tables_and_risks.py
    answer_types = set(QuestionType) - {
        QuestionType.SCALE,
        QuestionType.INFORMATIONAL,
        QuestionType.TABLE,
        QuestionType.RISK,
        QuestionType.ACTIONS,
    }
    assert {q.type for q in questionnaire.questions} == answer_types
    assert questionnaire.by_key["1.4"].option_label("fixed", "en") == "Fixed period"
    assert questionnaire.by_key["1.4"].option_label("fixed", "nl") == "Vaste periode"


def test_the_shipped_fria_loads() -> None:
    loaded = load_file(FRIA_PATH)
    questionnaire = questionnaire_from_content(loaded.content)
    assert questionnaire.ref == "ai-act-fria@1.0"
    assert len(questionnaire.questions) > 30
    assert questionnaire.by_key["0.6"].show_if is not None


def test_content_hash_is_the_sha256_of_the_canonical_json() -> None:
    loaded = load_set(SMALL_YAML, "klein.yaml")
    assert loaded.canonical_json == json.dumps(
        loaded.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert loaded.content_hash == hashlib.sha256(loaded.canonical_json.encode()).hexdigest()


def test_layout_and_key_order_do_not_change_the_content_hash() -> None:
    reordered = broken(
        'key: klein\nversion: "1.0"\n', '# herschikt\nversion:   "1.0"\nkey: klein\n\n'
    )
    assert load_set(reordered, "a.yaml").content_hash == load_set(SMALL_YAML, "b.yaml").content_hash


def test_any_change_of_content_changes_the_content_hash() -> None:
    changed = broken('en: "What does the system do?"', 'en: "What does the AI system do?"')
    assert load_set(changed, "a.yaml").content_hash != load_set(SMALL_YAML, "a.yaml").content_hash


# --- broken YAML ---------------------------------------------------------------------------


def test_bad_yaml_syntax_points_at_the_offending_character() -> None:
    text = broken('nl: "Wat doet het systeem?"', "nl: Wat doet: het systeem?")
    error = only_error(text)
    assert error.message == "YAML: mapping values are not allowed here"
    assert (error.line, error.column) == line_col(text, ": het systeem?")
    assert str(error) == f"klein.yaml:{error.line}:{error.column}: {error.message}"


def test_a_duplicate_mapping_key_is_refused_at_the_second_key() -> None:
    text = broken(
        "type: yesno\n        required: true",
        "type: yesno\n        type: text\n        required: true",
    )
    error = only_error(text)
    assert error.message.startswith("YAML: duplicate key")
    assert '"type"' in error.message
    assert (error.line, error.column) == line_col(text, "type: text", after='key: "1.2"')


def test_an_empty_file_is_not_a_questionnaire_set() -> None:
    error = only_error("")
    assert (error.line, error.column, error.message) == (1, 1, "a questionnaire set is a mapping")


# --- schema errors -------------------------------------------------------------------------


def test_an_unknown_question_type_names_the_types_there_are() -> None:
    text = broken("type: date\n        required: true", "type: rating\n        required: true")
    error = only_error(text)
    assert error.message == (
        "sections/0/questions/4/type: unknown question type 'rating'; "
        "use one of: text, choice, multichoice, yesno, date, scale, informational, "
        "table, risk, actions"
    )
    assert (error.line, error.column) == line_col(text, "type: rating")


def test_a_missing_english_translation_is_reported_at_its_text() -> None:
    text = broken('          en: "Where is the DPIA?"\n', "")
    error = only_error(text)
    assert error.message == "sections/0/questions/2/text: 'en' is a required property"
    assert (error.line, error.column) == line_col(text, "text:", after='key: "1.3"')


def test_a_choice_question_without_options_is_reported_at_the_question() -> None:
    start = SMALL_YAML.index('- key: "1.4"')
    options = SMALL_YAML.index("        options:\n", start)
    end = SMALL_YAML.index('      - key: "1.5"')
    text = SMALL_YAML[:options] + SMALL_YAML[end:]
    error = only_error(text)
    assert error.message == "sections/0/questions/3: 'options' is a required property"
    assert (error.line, error.column) == line_col(text, 'key: "1.4"')


def test_an_unknown_field_is_reported_at_that_field() -> None:
    text = broken('      - key: "1.6"\n', '      - key: "1.6"\n        hint: "Denk aan de FG"\n')
    error = only_error(text)
    assert "unknown field" in error.message
    assert "'hint'" in error.message
    # The author must find the stray field itself, not just the question that holds it.
    assert (error.line, error.column) == line_col(text, "hint:")


def test_options_on_a_text_question_get_a_readable_message_at_the_options() -> None:
    text = broken(
        '          en: "What does the system do?"\n        type: text\n',
        '          en: "What does the system do?"\n        type: text\n'
        "        options:\n"
        "          - value: ja\n"
        "            label: {nl: Ja, en: 'Yes'}\n"
        "          - value: nee\n"
        "            label: {nl: Nee, en: 'No'}\n",
    )
    error = only_error(text)
    assert "options" in error.message
    # Not jsonschema's dump of the whole question and the rule it broke.
    assert "should not be valid under" not in error.message
    assert "{'key'" not in error.message
    assert (error.line, error.column) == line_col(text, "options:", after='key: "1.1"')


def test_every_schema_error_is_reported_in_file_order() -> None:
    text = broken("type: yesno", "type: janee")
    text = text.replace(
        "type: date\n        required: true", "type: rating\n        required: true"
    )
    errors = errors_of(text)
    assert [e.message.split(": ", 1)[1].split(";")[0] for e in errors] == [
        "unknown question type 'janee'",
        "unknown question type 'rating'",
    ]
    assert [(e.line, e.column) for e in errors] == [
        line_col(text, "type: janee"),
        line_col(text, "type: rating"),
    ]


# --- rules beyond the schema ---------------------------------------------------------------


def test_a_question_key_used_twice_across_sections_is_refused_at_the_second() -> None:
    text = broken('key: "2.4"', 'key: "1.1"')
    error = only_error(text)
    assert error.message == "duplicate question key '1.1'"
    assert (error.line, error.column) == line_col(text, 'key: "1.1"', after='key: "2.3"')


def test_show_if_to_an_unknown_question() -> None:
    text = broken('question: "2.3"', 'question: "9.9"')
    error = only_error(text)
    assert error.message == "show_if of '2.4' refers to '9.9', which is not an earlier question"
    assert (error.line, error.column) == line_col(text, 'question: "9.9"')


def test_show_if_to_a_later_question() -> None:
    text = broken(
        'question: "1.2"\n          equals: true', 'question: "2.1"\n          in: [other]'
    )
    error = only_error(text)
    assert error.message == "show_if of '1.3' refers to '2.1', which is not an earlier question"
    assert (error.line, error.column) == line_col(text, 'question: "2.1"')


def test_show_if_on_itself() -> None:
    text = broken(
        'question: "1.2"\n          equals: true', 'question: "1.3"\n          answered: true'
    )
    error = only_error(text)
    assert error.message == "question '1.3' cannot depend on itself"
    assert (error.line, error.column) == line_col(text, 'question: "1.3"')


def test_show_if_equals_a_value_that_is_not_an_option() -> None:
    text = broken("equals: ongoing", "equals: forever")
    error = only_error(text)
    assert error.message == "'forever' is not an option of '1.4'"
    assert (error.line, error.column) == line_col(text, "equals: forever")


def test_show_if_in_with_a_value_that_is_not_an_option() -> None:
    text = broken("in: [other]", "in: [other, nobody]")
    error = only_error(text)
    assert error.message == "'nobody' is not an option of '2.1'"
    assert (error.line, error.column) == line_col(text, "in: [other, nobody]")


@pytest.mark.parametrize("value", ['"yes"', "ja", '"true"'])
def test_show_if_on_a_yes_no_question_needs_a_boolean(value: str) -> None:
    text = broken(
        'question: "1.2"\n          equals: true', f'question: "1.2"\n          equals: {value}'
    )
    error = only_error(text)
    assert error.message == "'1.2' is yes/no: use equals: true or false"
    assert (error.line, error.column) == line_col(text, f"equals: {value}")


def test_show_if_in_on_a_yes_no_question() -> None:
    text = broken('question: "1.2"\n          equals: true', 'question: "1.2"\n          in: [ja]')
    first = errors_of(text)[0]
    assert first.message == "'in' needs a choice question; '1.2' is yesno"
    assert (first.line, first.column) == line_col(text, "in: [ja]")


# --- files ---------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "groot.yaml"
    padding = "# " + "x" * 1000 + "\n"
    path.write_text(SMALL_YAML + padding * (MAX_FILE_BYTES // len(padding) + 1), encoding="utf-8")
    with pytest.raises(QuestionnaireInvalid) as raised:
        load_file(path)
    assert [str(e) for e in raised.value.errors] == [f"{path}:1:1: file is larger than 2 MB"]


def test_the_size_limit_counts_bytes_not_characters() -> None:
    # Fewer characters than the limit, but more bytes: "é" is two bytes in UTF-8.
    text = SMALL_YAML + "# " + "é" * (MAX_FILE_BYTES // 2) + "\n"
    assert len(text) < MAX_FILE_BYTES < len(text.encode("utf-8"))
    error = only_error(text)
    assert (error.line, error.column, error.message) == (1, 1, "file is larger than 2 MB")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(SMALL_YAML.replace("Wat doet", "Wat doét").encode("latin-1"))
    with pytest.raises(QuestionnaireInvalid) as raised:
        load_file(path)
    assert [str(e) for e in raised.value.errors] == [f"{path}:1:1: file is not UTF-8 text"]
