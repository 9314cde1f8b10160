"""Importing the government's instruments: the real task-registry example, and fixtures in both
formats that hold every construct of their schemas. Each import must be a valid Levend set, keep
what Levend can express and report, per item, what it cannot."""

import json
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from app.importers import ImportFailed, ImportResult, checked_set, import_instrument, render_set
from app.importers.plain_text import html_to_text
from app.questionnaire.loader import QuestionnaireInvalid, load_set
from app.questionnaire.model import questionnaire_from_content
from app.questionnaire.visibility import visible_keys
from app.settings import PROJECT_ROOT

# The real instrument from the government's task registry, kept beside the project (not in it).
_REAL = "reference/task-registry/conformity_assessment_eu_ai_act.yaml"
REFERENCE = next(
    (
        where / _REAL
        for where in (PROJECT_ROOT.parent / "shared", Path("/work/shared"))
        if (where / _REAL).exists()
    ),
    PROJECT_ROOT.parent / "shared" / _REAL,
)
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "importers"
TASK_REGISTRY = FIXTURES / "task-registry-every-construct.yaml"
PAR = FIXTURES / "par-every-construct.yaml"


@cache
def imported(path: Path) -> ImportResult:
    result = import_instrument(path)
    # Every import is a set that `levend lint` accepts, and the YAML says exactly what it holds.
    _text, loaded = checked_set(result, f"{path.stem}.levend.yaml")
    assert loaded.content == result.content
    return result


def questions(result: ImportResult) -> dict[str, dict[str, Any]]:
    return {q["key"]: q for q in result.questions}


def notes(result: ImportResult, item: str) -> list[str]:
    return [note.message for note in result.notes if note.item == item]


def only_note(result: ImportResult, item: str) -> str:
    found = notes(result, item)
    assert len(found) == 1, found
    return found[0]


# --- the task registry: the real example -------------------------------------------------------


def test_the_real_task_registry_instrument_imports_as_a_valid_set() -> None:
    if not REFERENCE.exists():
        pytest.skip(f"the reference instrument is not at {REFERENCE}")
    result = imported(REFERENCE)
    assert result.format == "task-registry instrument"
    assert result.ref == "tr-ca@1.0"
    urns = [f"urn:nl:aivt:tr:ca:1.0:{n}.0" for n in range(1, 9)]
    assert [q["urn"] for q in result.questions] == urns
    assert [q["key"] for q in result.questions] == [f"{n}.0" for n in range(1, 9)]
    assert [q["type"] for q in result.questions] == [
        "text", "text", "yesno", "yesno", "yesno", "text", "text", "text",
    ]  # fmt: skip
    [section] = result.sections
    assert section["title"] == {
        "nl": "EU-conformiteitsverklaring",
        "en": "[nl] EU-conformiteitsverklaring",
    }
    first = result.questions[0]
    assert first["text"]["nl"].startswith("De naam en het type van het AI-systeem")
    assert first["text"]["en"] == "[nl] " + first["text"]["nl"]
    assert first["roles"] == ["projectleider", "aanbieder"]
    # Links to the system card and to another instrument's task are kept in the guidance.
    second = questions(result)["2.0"]["guidance"]
    assert "urn:nl:aivt:tr:td:1.0:1.a.2" in second["nl"]
    assert (
        second["en"]
        == "See also: system card .owners (version >0.1a1); urn:nl:aivt:tr:td:1.0:1.a.2."
    )
    source = result.content["source"]
    assert source["publisher"] == "European Union"
    assert source["url"].startswith("https://www.europarl.europa.eu/")
    assert "urn:nl:aivt:tr:ca:1.0" in source["note"] and "imported" in source["note"].lower()
    assert "Levend has no file uploads" in only_note(result, "urn:nl:aivt:tr:ca:1.0:6.0")
    assert "Levend has no signatures" in only_note(result, "urn:nl:aivt:tr:ca:1.0:8.0")
    assert any("need translating" in n for n in notes(result, "(top level)"))


# --- the task registry: every construct --------------------------------------------------------


def test_task_registry_instrument_in_english_marks_the_dutch_copies() -> None:
    result = imported(TASK_REGISTRY)
    assert result.ref == "tr-arc@2.1"
    assert result.content["title"] == {
        "nl": "[en] Algorithm register readiness check",
        "en": "Algorithm register readiness check",
    }
    assert result.content["description"]["nl"].startswith("[en] Questions to answer")
    assert notes(result, "(top level)") == [
        "the instrument is in 'en': the nl texts are copies marked '[en] ' and need translating"
    ]
    source = result.content["source"]
    assert source["publisher"] == "Gemeente Voorbeeld, Provincie Proef"
    assert source["year"] == 2025
    assert source["url"] == "https://voorbeeld.example/instruments/arc"
    assert source["licence"] == "EUPL-1.2"


def test_task_registry_topics_become_sections_in_order_of_first_appearance() -> None:
    result = imported(TASK_REGISTRY)
    layout = [
        (s["key"], s["title"]["en"], [q["key"] for q in s["questions"]]) for s in result.sections
    ]
    assert layout == [
        ("1", "Description", ["1.1", "1.2"]),
        ("2", "Classification", ["2.1", "2.2"]),
        ("3", "Other questions", ["3.1"]),
        ("4", "Use", ["3.2", "3.3"]),
        ("5", "Sign-off", ["4.1", "4.1-2"]),
    ]
    assert result.sections[2]["title"]["nl"] == "Overige vragen"
    assert notes(result, "urn:nl:aivt:tr:arc:2.1:2.1") == [
        "has several topics: placed under the first, 'Classification'; not carried: 'Description'",
        "labels not carried: phase=early",
    ]


@pytest.mark.parametrize(
    ("key", "task_types", "levend_type", "note"),
    [
        ("1.1", "open_question", "text", None),
        ("2.1", "closed_question", "yesno", None),
        ("1.2", "upload_document", "text", "upload_document: Levend has no file uploads"),
        ("2.2", "statement", "yesno", None),
        ("3.1", "requirement", "yesno", None),
        ("3.2", "measure", "yesno", None),
        ("3.3", "open_question + upload_document", "text", "upload_document"),
        ("4.1", "sign_task", "text", "sign_task: Levend has no signatures"),
    ],
)
def test_task_registry_types_map_onto_levend_types(
    key: str, task_types: str, levend_type: str, note: str | None
) -> None:
    result = imported(TASK_REGISTRY)
    question = questions(result)[key]
    assert question["type"] == levend_type, task_types
    assert question["urn"] == f"urn:nl:aivt:tr:arc:2.1:{key}"
    reported = notes(result, question["urn"])
    if note is None:
        assert not any("Levend has no" in n for n in reported)
    else:
        assert any(n.startswith(note) for n in reported), reported


def test_task_registry_roles_lifecycle_links_and_dependencies_are_kept() -> None:
    result = imported(TASK_REGISTRY)
    by_key = questions(result)
    assert by_key["2.1"]["roles"] == ["jurist", "gemandateerd-verantwoordelijke-n"]
    assert by_key["1.2"]["roles"] == ["data-scientist", "privacy-officer"]
    assert by_key["3.3"]["roles"] == ["projectleider"]  # named twice, kept once
    assert "roles" not in by_key["3.1"]
    assert by_key["1.1"]["required"] is True
    assert "required" not in by_key["2.1"]
    assert by_key["1.1"]["guidance"] == {
        "nl": "Fase in de levenscyclus: Probleemanalyse, Ontwerp.\n\n"
        "Zie ook: Publication standard https://voorbeeld.example/standard; "
        "vraag 2.1 (urn:nl:aivt:tr:arc:2.1:2.1).",
        "en": "Lifecycle phase: Problem analysis, Design.\n\n"
        "See also: Publication standard https://voorbeeld.example/standard; "
        "question 2.1 (urn:nl:aivt:tr:arc:2.1:2.1).",
    }
    guidance = by_key["2.1"]["guidance"]["en"]
    assert "See also: AI impact assessment, question 3.2 urn:nl:aivt:tr:aiia:1.0:3.2." in guidance
    assert (
        "Complete first: Describe the algorithm first question 1.1 (urn:nl:aivt:tr:arc:2.1:1.1)."
        in guidance
    )
    assert "system card .data (version >0.1a1)" in by_key["1.2"]["guidance"]["en"]
    assert "Phasing out" in by_key["3.2"]["guidance"]["en"]


def test_task_registry_reports_what_it_renames_and_leaves_out() -> None:
    result = imported(TASK_REGISTRY)
    assert "fields not carried: priority" in notes(result, "urn:nl:aivt:tr:arc:2.1:3.2")
    # Two tasks with one urn: the second question gets a key of its own, and both keep the urn.
    assert questions(result)["4.1-2"]["urn"] == "urn:nl:aivt:tr:arc:2.1:4.1"
    assert "its number '4.1' occurs more than once: imported as '4.1-2'" in notes(
        result, "urn:nl:aivt:tr:arc:2.1:4.1"
    )


def test_task_registry_without_language_owners_url_date_or_types(tmp_path: Path) -> None:
    path = tmp_path / "kaal.yaml"
    path.write_text(
        'name: "Kaal"\ndescription: "Zonder alles"\nurn: "urn:nl:aivt:tr:kaal:1.0"\n'
        "tasks:\n"
        '  - question: "Vraag zonder type"\n    urn: "urn:nl:aivt:tr:kaal:1.0:1"\n'
        '  - question: "Vraag met een onbekend type"\n    urn: "urn:nl:aivt:tr:kaal:1.0:2"\n'
        "    type: [checklist]\n"
        '  - question: ""\n    urn: "urn:nl:aivt:tr:kaal:1.0:3"\n    type: [open_question]\n',
        encoding="utf-8",
    )
    result = imported(path)
    assert result.ref == "tr-kaal@1.0"
    assert result.content["title"] == {"nl": "Kaal", "en": "[nl] Kaal"}
    assert [q["type"] for q in result.questions] == ["text", "text", "text"]
    source = result.content["source"]
    assert source["publisher"] == "unknown"
    assert source["url"] == "https://github.com/MinBZK/task-registry"
    top = notes(result, "(top level)")
    assert top[0] == "no language given: the texts are taken as Dutch"
    assert any(n.startswith("no owner organisation") for n in top)
    assert any(n.startswith("no web address") for n in top)
    assert any(n.startswith("no date: the year of the import") for n in top)
    assert notes(result, "urn:nl:aivt:tr:kaal:1.0:1") == [
        "has no type: imported as a text question"
    ]
    assert notes(result, "urn:nl:aivt:tr:kaal:1.0:2") == [
        "unknown type 'checklist': imported as a text question"
    ]
    assert questions(result)["3"]["text"]["nl"] == "urn:nl:aivt:tr:kaal:1.0:3"


# --- PAR assessment definitions: structure -------------------------------------------------------


def test_par_definition_imports_as_a_valid_set() -> None:
    result = imported(PAR)
    assert result.format == "PAR assessment definition"
    assert result.ref == "par-voorbeeldtoets@1.2"
    assert result.content["title"] == {
        "nl": "Voorbeeldtoets algoritmes",
        "en": "[nl] Voorbeeldtoets algoritmes",
    }
    assert result.content["description"]["nl"] == "Een proefdefinitie & meer."
    assert result.content["source"]["publisher"] == "unknown"
    top = notes(result, "(top level)")
    assert any("texts are taken as Dutch" in n and "need translating" in n for n in top)
    assert any(n.startswith("assessments (rules that decide") for n in top)


def test_par_top_level_groups_become_sections_and_deeper_groups_informational_items() -> None:
    result = imported(PAR)
    assert [(s["key"], s["title"]["nl"]) for s in result.sections] == [
        ("0", "Inleiding"),
        ("1", "Deel 1 \N{EN DASH} Waarom?"),
        ("2", "Deel 2 \N{EN DASH} Wat?"),
        ("3", "Deel 3 \N{EN DASH} Gegevens"),
        ("4", "Deel 4 \N{EN DASH} Alleen bij zelflerende systemen"),
        ("5", "Conclusie"),
        ("7", "Zonder nummer"),
    ]
    part_one = [(q["key"], q["type"]) for q in result.sections[1]["questions"]]
    # Three levels: the section (1), a group (1.2), a group in that group (1.2.2); each deeper
    # group is an informational item with its title, followed by its items, keyed by their ids.
    assert part_one == [
        ("1.1", "text"),
        ("1.2", "informational"),
        ("1.2.1", "text"),
        ("1.2.2", "informational"),
        ("1.2.2.1", "choice"),
        ("1.2.2.2", "yesno"),
        ("1.2.2.3", "date"),
        ("1.3", "choice"),
        ("1.4", "text"),
        ("1.5", "informational"),
    ]
    group = questions(result)["1.2"]
    assert group["text"]["nl"] == "Doel en aanpak"
    assert group["guidance"]["nl"] == "Vul beide vragen in."
    # A top-level leaf is a section of its own; a text-only part is a section with that text.
    assert result.sections[5]["questions"][0]["guidance"]["nl"] == "Vat alles samen."
    assert [q["type"] for q in result.sections[0]["questions"]] == ["informational"]
    # Items without an id are numbered by their place, and say so.
    assert [q["key"] for q in result.sections[6]["questions"]] == ["7.1"]
    assert notes(result, "item 7") == ["has no id: numbered by its place in the file"]
    assert notes(result, "item 7.1") == ["has no id: numbered by its place in the file"]


@pytest.mark.parametrize(
    ("key", "par_type", "levend_type"),
    [
        ("1.1", "text_input", "text"),
        ("1.2.1", "open_text", "text"),
        ("1.2.2.1", "radio_option", "choice"),
        ("1.2.2.2", "radio_option with true/false", "yesno"),
        ("1.2.2.3", "date", "date"),
        ("1.3", "select_option", "choice"),
        ("1.5", "informational", "informational"),
        ("1.2", "task_group", "informational"),
        ("2.1", "multiselect_scrollable", "multichoice"),
        ("2.3", "checkbox_option with options", "multichoice"),
        ("2.18", "multiselect_option (used by the official IAMA 2.0)", "multichoice"),
        ("2.4", "checkbox_option, a single boolean", "yesno"),
        ("2.5", "checkbox_option with one option", "yesno"),
        ("2.7", "checkbox_option with options from other answers", "text"),
        ("2.9", "an unknown type", "text"),
        ("3.1", "repeatable task_group", "table"),
        ("3.3", "repeatable task_group with an instance_mapping", "table"),
        ("3.4", "repeatable open_text", "table"),
        ("3.5", "repeatable task_group with ten items", "table"),
    ],
)
def test_par_task_types_map_onto_levend_types(key: str, par_type: str, levend_type: str) -> None:
    assert questions(imported(PAR))[key]["type"] == levend_type, par_type


def test_par_reports_types_levend_does_not_have() -> None:
    result = imported(PAR)
    assert "2.8" not in questions(result)
    assert notes(result, "2.8") == ["an image is not supported in Levend: not imported"]
    assert "unknown type 'slider': imported as a text question" in notes(result, "2.9")
    assert "calculation (risico) not carried: Levend does not compute scores" in notes(
        result, "2.9"
    )
    assert notes(result, "2.7") == [
        "its options are the answers to 3.1.1 in the original (source_options): Levend's "
        "options are fixed, so it is imported as a text question"
    ]
    assert notes(result, "2.16") == [
        "fields not carried: in_fria",
        "has no text of its own: its group's title is used",
    ]
    assert questions(result)["2.16"]["text"]["nl"] == "Deel 2 \N{EN DASH} Wat?"
    assert notes(result, "1.3") == [
        'default value "Wettelijke taak" not carried: Levend has no default answers',
        "category 'grondslag' not carried",
    ]
    assert notes(result, "0") == ["linked files not carried: stroomschema.png"]


def test_par_options_keep_their_labels_and_get_unique_slug_values() -> None:
    by_key = questions(imported(PAR))
    assert by_key["1.2.2.1"]["options"] == [
        {"value": "zelflerend", "label": {"nl": "Zelflerend", "en": "[nl] Zelflerend"}},
        # The entity (&shy;) is decoded and the invisible hyphen dropped.
        {"value": "regelgebaseerd", "label": {"nl": "Regelgebaseerd", "en": "[nl] Regelgebaseerd"}},
        {"value": "weet-ik-niet", "label": {"nl": "Weet ik niet", "en": "[nl] Weet ik niet"}},
    ]
    # Options without a label show their value; values that slugify alike stay apart.
    assert [(o["value"], o["label"]["nl"]) for o in by_key["1.3"]["options"]] == [
        ("wettelijke-taak", "Wettelijke taak"),
        ("wettelijke-taak-2", "wettelijke-taak"),
        ("toestemming-art-6-avg", "Toestemming (art. 6 AVG)"),
    ]
    assert [o["value"] for o in by_key["2.1"]["options"]] == ["kinderen", "ouderen", "anders"]
    assert [o["label"]["nl"] for o in by_key["2.3"]["options"]] == ["Logging", "Menselijk toezicht"]
    # A single checkbox with a label: yes or no, the label in the guidance.
    assert by_key["2.5"]["guidance"]["nl"] == "Ik ga akkoord met de voorwaarden"
    assert "options" not in by_key["1.2.2.2"] and "options" not in by_key["2.4"]


def test_par_required_status_becomes_required() -> None:
    by_key = questions(imported(PAR))
    assert by_key["1.1"]["required"] is True
    assert by_key["3.4"]["required"] is True
    assert "required" not in by_key["1.2.1"]


# --- PAR: conditional display --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "show_if", "why"),
    [
        ("1.2.2.3", {"question": "1.2.2.2", "equals": True}, "equals true on a yes/no"),
        ("1.4", {"question": "1.3", "equals": "wettelijke-taak"}, "equals an option's value"),
        ("2.2", {"question": "2.1", "in": ["anders"]}, "contains on a multi-select"),
        ("2.6", {"question": "2.3", "answered": True}, "any, without a value"),
        ("2.17", {"question": "1.1", "equals": "anders"}, "equals a text"),
        ("2.19", {"question": "2.18", "in": ["recht-op-privacy"]}, "all, with a value"),
        (
            "2.10",
            {"not": {"question": "1.2.2.1", "equals": "zelflerend"}},
            "hide: shown unless the condition holds",
        ),
        (
            "2.14",
            {
                "all": [
                    {"question": "1.2.2.2", "equals": True},
                    {"question": "2.1", "in": ["kinderen"]},
                ]
            },
            "two conditions, both of which must hold",
        ),
        (
            "2.23",
            {
                "all": [
                    {"question": "1.3", "equals": "toestemming-art-6-avg"},
                    {"not": {"question": "2.1", "in": ["ouderen"]}},
                    {"question": "2.18", "in": ["verbod-op-discriminatie"]},
                ]
            },
            "three that can be carried (show, hide, show), one that cannot",
        ),
        ("4.1.1", {"question": "1.2.2.1", "equals": "zelflerend"}, "the section's condition"),
        ("4.1.2", {"question": "1.2.2.1", "equals": "zelflerend"}, "the section's condition"),
        ("4.1.3", {"question": "4.1.2", "equals": False}, "its own, implying the section's"),
        (
            "4.1.4",
            {
                "all": [
                    {"question": "1.2.2.1", "equals": "zelflerend"},
                    {"question": "2.1", "in": ["kinderen"]},
                ]
            },
            "the section's and its own",
        ),
        (
            "4.1.5",
            {
                "all": [
                    {"question": "1.2.2.1", "equals": "zelflerend"},
                    {"question": "2.1", "in": ["ouderen"]},
                    {"question": "1.2.2.2", "equals": True},
                ]
            },
            "the section's and its own two, in one flat list",
        ),
        ("4.2.1", {"question": "4.1.2", "equals": False}, "its group's condition"),
        (
            "4.2.2",
            {
                "all": [
                    {"question": "4.1.2", "equals": False},
                    {"question": "2.1", "in": ["ouderen"]},
                ]
            },
            "its group's (implying the section's) and its own",
        ),
        # Informational text is shown under its own condition and its group's.
        ("1.5", {"question": "1.4", "answered": True}, "text with a condition of its own"),
        ("4.0", {"question": "1.2.2.1", "equals": "zelflerend"}, "text in a conditional section"),
        ("4.1", {"question": "1.2.2.1", "equals": "zelflerend"}, "a group's heading, ditto"),
        ("4.2", {"question": "4.1.2", "equals": False}, "a conditional group's heading"),
        # A table is shown under conditions like any question; a condition can test whether
        # a table has rows.
        (
            "3.5",
            {
                "all": [
                    {"question": "1.2.2.2", "equals": True},
                    {"question": "2.1", "in": ["ouderen"]},
                ]
            },
            "a table with two conditions",
        ),
        ("3.6", {"question": "3.4", "answered": True}, "any, on a table"),
    ],
)
def test_par_dependencies_on_earlier_questions_become_show_if(
    key: str, show_if: dict[str, Any], why: str
) -> None:
    assert questions(imported(PAR))[key].get("show_if") == show_if, why


@pytest.mark.parametrize(
    ("key", "reported"),
    [
        ("2.11", "3.2 comes later; a condition can only refer to an earlier question"),
        ("2.12", "9.9 is not in this file"),
        ("2.13", '"dieren" is not an option of 2.1'),
        ("2.15", "the operator 'matches' is unknown"),
        ("3.2", "3.1.2 is inside the repeatable 3.1, a table in Levend: a condition cannot test"),
        ("3.7", "3.4 is a table in Levend, and a condition can only test whether it has rows"),
        ("2.20", "'equals' without a value cannot be expressed"),
        ("2.21", "1.5 is a group or informational text, which has no answer"),
        ("2.22", "2.8 is an image, which is not imported"),
    ],
)
def test_par_dependencies_levend_cannot_express_are_reported(key: str, reported: str) -> None:
    result = imported(PAR)
    assert "show_if" not in questions(result)[key]
    [note] = notes(result, key)
    assert reported in note
    assert note.endswith("so it is always shown")


def test_par_several_conditions_are_all_carried_and_only_the_rest_reported() -> None:
    result = imported(PAR)
    for key in ("2.10", "2.14", "4.1.4", "4.1.5", "4.2.2", "1.5", "4.0", "4.1", "4.2", "3.5"):
        assert not any("condition" in n or "shown" in n for n in notes(result, key)), key
    assert notes(result, "2.23") == [
        'shown only when 3.2 equals "x" in the original, which cannot be carried: 3.2 comes '
        "later; a condition can only refer to an earlier question; so it is always shown"
    ]


def test_par_conditions_hold_together_as_in_the_original() -> None:
    """PAR shows an item only when all its conditions hold, and only when its group is shown."""
    questionnaire = questionnaire_from_content(imported(PAR).content)
    children = {"1.2.2.2": True, "2.1": ["kinderen"]}
    assert "2.14" in visible_keys(questionnaire, children)
    assert "2.14" not in visible_keys(questionnaire, {**children, "1.2.2.2": False})
    assert "2.14" not in visible_keys(questionnaire, {**children, "2.1": ["ouderen"]})
    # Within part 4 (only for self-learning systems) the part's condition holds as well.
    learning = {"1.2.2.1": "zelflerend", "2.1": ["kinderen"]}
    assert {"4.0", "4.1", "4.1.4"} <= visible_keys(questionnaire, learning)
    assert not {"4.0", "4.1", "4.1.4"} & visible_keys(
        questionnaire, {**learning, "1.2.2.1": "regelgebaseerd"}
    )
    # A hide: shown until its condition holds.
    assert "2.10" in visible_keys(questionnaire, {})
    assert "2.10" not in visible_keys(questionnaire, {"1.2.2.1": "zelflerend"})
    # A follow-up on a table: asked once it has a row.
    assert "3.6" not in visible_keys(questionnaire, {})
    assert "3.6" in visible_keys(questionnaire, {"3.4": [{"3_4": "Logging aanzetten"}]})


# --- PAR: repeatable items become tables ---------------------------------------------------------


def test_par_a_repeatable_group_is_a_table_with_a_column_per_item() -> None:
    result = imported(PAR)
    table = questions(result)["3.1"]
    assert table["type"] == "table"
    assert table["text"]["nl"] == "Persoonsgegevens"
    shape = [(c["key"], c["type"], c.get("required", False)) for c in table["columns"]]
    assert shape == [
        ("3_1_1", "text", True),  # text_input, required_status
        ("3_1_2", "choice", False),  # radio_option between true and false
        ("3_1_3", "text", False),  # text_input with a condition per entry
        ("3_1_4", "date", False),
        ("3_1_5", "choice", False),  # select_option
        ("3_1_6", "text", False),  # a multi-select: one answer per cell, so text
        ("3_1_7_1", "text", False),  # in a group inside the repeatable
        ("3_1_8", "choice", False),  # a single checkbox: yes or no
    ]
    columns = {c["key"]: c for c in table["columns"]}
    assert columns["3_1_1"]["label"] == {"nl": "Persoonsgegeven", "en": "[nl] Persoonsgegeven"}
    assert [(o["value"], o["label"]["nl"]) for o in columns["3_1_2"]["options"]] == [
        ("true", "Ja"),
        ("false", "Nee"),
    ]
    assert [o["value"] for o in columns["3_1_5"]["options"]] == ["betrokkene", "derde-partij"]
    assert columns["3_1_8"]["options"] == [
        {"value": "true", "label": {"nl": "Ja", "en": "Yes"}},
        {"value": "false", "label": {"nl": "Nee", "en": "No"}},
    ]
    # A required item in a repeatable must be filled at least once: a required table.
    assert table["required"] is True
    # What the items say besides their label is in the table's guidance, in the file's order.
    assert table["guidance"]["nl"].split("\n\n") == [
        "Een rij per soort persoonsgegeven.",
        "Bron: Waar komt het vandaan?",
        "Doelen: een of meer van: Uitvoering; Analyse.",
        "Bewaren: Hoe lang en waarom.",
        "Let op de Archiefwet.",
    ]
    assert "Doelen: one or more of: Uitvoering; Analyse." in table["guidance"]["en"]
    for inside in ("3.1.1", "3.1.2", "3.1.7", "3.1.7.1", "3.1.7.2", "3.1.9"):
        assert inside not in questions(result)


def test_par_what_a_table_cannot_hold_is_reported_per_item() -> None:
    result = imported(PAR)
    assert notes(result, "3.1") == []
    for plain in ("3.1.1", "3.1.2", "3.1.4", "3.1.5", "3.1.8"):
        assert notes(result, plain) == [], plain
    assert notes(result, "3.1.3") == [
        "shown only when 3.1.2 equals true in each entry of the repeatable 3.1 in the original, "
        "which cannot be carried: Levend cannot show or hide a single cell of a table row, so "
        "the column is always there"
    ]
    assert notes(result, "3.1.6") == [
        "multiselect_scrollable in a table: a cell holds one answer, so it is a text column; "
        "its options are listed in the table's guidance"
    ]
    assert notes(result, "3.1.7") == [
        "a group inside the repeatable 3.1: its items are columns of the table, its title and "
        "description a line of its guidance"
    ]
    assert notes(result, "3.1.7.1") == [
        'default value "7 jaar" not carried: Levend has no default answers'
    ]
    assert notes(result, "3.1.7.2") == [
        "informational text inside the repeatable 3.1: a line of the table's guidance"
    ]
    assert notes(result, "3.1.9") == ["an image is not supported in Levend: not imported"]


def test_par_a_repeatable_item_is_a_table_of_one_column() -> None:
    result = imported(PAR)
    table = questions(result)["3.4"]
    assert table["type"] == "table"
    assert table["required"] is True
    assert table["columns"] == [
        {
            "key": "3_4",
            "label": {"nl": "Actiepunt", "en": "[nl] Actiepunt"},
            "type": "text",
            "required": True,
        }
    ]
    assert notes(result, "3.4") == []


def test_par_a_table_with_an_entry_per_answer_elsewhere_says_so() -> None:
    result = imported(PAR)
    table = questions(result)["3.3"]
    assert [c["key"] for c in table["columns"]] == ["3_3_1", "3_3_toelichting_vrij"]
    assert "required" not in table
    assert table["guidance"] == {
        "nl": "Vul een rij in per antwoord op 3.1.1 (Persoonsgegeven, in 3.1).",
        "en": "Fill in one row per answer to 3.1.1 (Persoonsgegeven, in 3.1).",
    }
    assert notes(result, "3.3") == [
        "has an entry per answer to 3.1.1 in the original (instance_mapping), which is not "
        "carried: Levend does not add or remove rows as 3.1.1 is answered; the guidance asks "
        "for one row per answer"
    ]
    assert notes(result, "3.3.1") == [
        "repeatable inside the repeatable 3.3: a table row cannot hold a table, so a row holds "
        "one entry of it"
    ]
    assert notes(result, "3.3.Toelichting (vrij)") == [
        "its id is not usable as a column key: imported as column '3_3_toelichting_vrij'"
    ]


def test_par_a_repeatable_with_more_items_than_a_table_has_columns_shares_the_last() -> None:
    result = imported(PAR)
    table = questions(result)["3.5"]
    columns = table["columns"]
    assert len(columns) == 8
    assert [c["key"] for c in columns] == [f"3_5_{n}" for n in range(1, 8)] + ["overig"]
    assert columns[-1] == {
        "key": "overig",
        "label": {"nl": "Overige onderdelen", "en": "Other parts"},
        "type": "text",
        "required": True,  # 3.5.8 is required
    }
    assert table["required"] is True
    assert table["guidance"]["nl"] == (
        "Overige onderdelen (kolom overig), per rij: Restrisico (3.5.8: Aanvaardbaar / Te hoog); "
        "Toelichting (3.5.9); Besproken op (3.5.10)."
    )
    assert notes(result, "3.5.7") == []
    assert notes(result, "3.5.9") == [
        "the repeatable 3.5 has more items than the 8 columns a table can have: answered as "
        "text in its last column 'overig', together with 3.5.8, 3.5.10"
    ]
    assert all(len(notes(result, f"3.5.{n}")) == 1 for n in (8, 9, 10))


def _definition(tasks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": "Tabellen", "description": "Proef", "urn": "urn:nl:tabellen", "tasks": tasks}


def _leaf(item_id: str, task: str = "", kind: str = "open_text", **more: Any) -> dict[str, Any]:
    return {"task": task or f"Vraag {item_id}", "id": item_id, "type": [kind], **more}


def test_par_tables_edge_cases(tmp_path: Path) -> None:
    path = tmp_path / "tabellen.json"
    definition = _definition(
        [
            # A repeatable part is a section holding one table.
            {
                "task": "Betrokken partijen",
                "id": "1",
                "type": ["task_group"],
                "repeatable": True,
                "tasks": [
                    _leaf("1.1", "Partij"),
                    _leaf("1.1", "Nog een partij"),  # the same id twice
                    _leaf("1.2", task=" "),  # no text of its own
                    _leaf("1.3", kind="radio_option", options=[{"value": "enige"}]),
                    _leaf("1.4", kind="checkbox_option", valueType="string[]"),
                ],
            },
            {
                "task": "Alleen tekst",
                "id": "2",
                "type": ["task_group"],
                "repeatable": True,
                "tasks": [_leaf("2.1", "Lees dit", kind="informational")],
            },
            # Exactly eight items: eight columns, nothing shared.
            {
                "task": "Acht",
                "id": "3",
                "type": ["task_group"],
                "repeatable": True,
                "tasks": [_leaf(f"3.{n}") for n in range(1, 9)],
            },
        ]
    )
    path.write_text(json.dumps(definition), encoding="utf-8")
    result = imported(path)
    by_key = questions(result)
    parties = by_key["1"]
    assert result.sections[0]["questions"] == [parties]
    assert [(c["key"], c["type"]) for c in parties["columns"]] == [
        ("1_1", "text"),
        ("1_1_2", "text"),
        ("1_2", "text"),
        ("1_3", "choice"),
        ("1_4", "text"),
    ]
    assert parties["columns"][2]["label"]["nl"] == "Betrokken partijen"
    assert [o["value"] for o in parties["columns"][3]["options"]] == ["true", "false"]
    assert notes(result, "1.1") == [
        "its id occurs more than once in the table: imported as column '1_1_2'"
    ]
    assert notes(result, "1.2") == [
        "has no text of its own: its group's title is the column's label"
    ]
    assert notes(result, "1.3") == [
        "radio_option with a single option: imported as a choice between Ja and Nee"
    ]
    assert notes(result, "1.4") == ["checkbox_option without options: imported as a text column"]
    text_only = by_key["2"]
    assert text_only["columns"] == [
        {"key": "2", "label": {"nl": "Alleen tekst", "en": "[nl] Alleen tekst"}, "type": "text"}
    ]
    assert text_only["guidance"]["nl"] == "Lees dit"
    assert notes(result, "2") == [
        "repeatable without items that take an answer: imported as a table with one text column"
    ]
    assert [c["key"] for c in by_key["3"]["columns"]] == [f"3_{n}" for n in range(1, 9)]
    assert [n for n in result.notes if n.item.startswith("3")] == []


def test_par_references_to_other_instruments_are_kept_in_the_guidance() -> None:
    result = imported(PAR)
    listed = "DPIA 5.1 (pre-fill), 5.2 (pre-view); IAMA 1.1, 4.4.1; prescanModelId 3"
    assert questions(result)["1.2.1"]["guidance"] == {
        "nl": f"Verwijzingen: {listed}.",
        "en": f"References: {listed}.",
    }
    assert only_note(result, "1.2.1") == (
        f"references to other instruments kept as text in the guidance ({listed}): Levend does "
        "not pre-fill or show answers across instruments"
    )
    # A section's references go into its description.
    assert result.sections[1]["description"]["nl"] == (
        "Deel 1 gaat over het waarom.\n\nVerwijzingen: IAMA 1.1."
    )


def test_par_html_is_plain_text_with_paragraphs_and_list_items_on_lines() -> None:
    result = imported(PAR)
    introduction = questions(result)["0"]["text"]["nl"]
    assert introduction == (
        "Welkom bij de voorbeeldtoets — lees dit eerst.\n"
        "\n"
        "- Eerste punt\n"
        "- Tweede punt met uitleg (https://voorbeeld.example/uitleg)\n"
        "1. Stap een\n"
        "2. Stap twee\n"
        "Zie dit niet als opmaak; 3 < 4 & entiteiten: café € 5."
    )
    rendered = render_set(result)
    for markup in ("<p>", "<b>", "<i>", "<em>", "<li", "</", "&amp;", "&lt;", "&shy;"):
        assert markup not in rendered
    for hidden in ("alert", "niet tonen", "color: red"):
        assert hidden not in rendered


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("Plain\nwrapped line\n\nNext paragraph", "Plain wrapped line\n\nNext paragraph"),
        ("Intro:\n  • one\n  • two", "Intro:\n• one\n• two"),
        ("<p>A &amp; B&nbsp;&eacute;</p><p>C</p>", "A & B é\n\nC"),
        ("<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>", "- one\n- two"),
        ("<ol><li>a</li><li>b<ul><li>c</li></ul></li></ol>", "1. a\n2. b\n- c"),
        ("line<br>next<br/>last", "line\nnext\nlast"),
        ("<script>alert(1)</script>x<style>p {}</style>y", "xy"),
        ('<a href="https://a.example">site</a>', "site (https://a.example)"),
        ('<a href="https://a.example">https://a.example</a>', "https://a.example"),
        ('<a href="javascript:alert(1)">click</a>', "click"),
        ('<img src="x.png" alt="Schema"> text', "[Schema] text"),
        ("<!-- comment -->kept", "kept"),
        ("&lt;b&gt;not markup&lt;/b&gt;, 1 &lt; 2", "not markup, 1 < 2"),
        ("cut off <div class='x", "cut off"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


# --- other inputs ------------------------------------------------------------------------------


def test_a_par_definition_in_json_imports() -> None:
    result = imported(FIXTURES / "par-prescan.json")
    assert result.ref == "par-prescan@2.0"
    assert [(q["key"], q["type"]) for q in result.questions] == [
        ("1.1", "yesno"),
        ("1.2", "text"),
        ("1.3", "date"),
    ]
    assert questions(result)["1.2"]["show_if"] == {"question": "1.1", "equals": True}


def test_key_and_version_can_be_chosen() -> None:
    result = import_instrument(PAR, key="iama-officieel", version="2.0.1")
    assert result.ref == "iama-officieel@2.0.1"
    assert list(result.content)[:2] == ["key", "version"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "leeg.yaml",
            "# niets\n",
            "leeg.yaml is empty: expected a task-registry instrument (urn, and tasks with a "
            "question) or a PAR assessment definition (tasks with id, task and type), in YAML or "
            "JSON",
        ),
        ("kapot.yaml", "tasks:\n  - id: 1\n   task: x\n", "kapot.yaml:3:4: not valid YAML: "),
        ("kapot.json", '{"tasks": [}', "kapot.json:1:12: not valid JSON: Expecting value"),
        (
            "lijst.yaml",
            "- a\n- b\n",
            "lijst.yaml is not an instrument Levend can import (its top level is a list): "
            "expected a task-registry instrument",
        ),
        (
            "anders.yaml",
            "title: x\nitems: [a]\n",
            "anders.yaml is not an instrument Levend can import: expected a task-registry",
        ),
        (
            "leeg-instrument.yaml",
            "urn: urn:nl:aivt:tr:leeg:1.0\nname: Leeg\ntasks: []\n",
            "the instrument has no tasks: there is nothing to import",
        ),
    ],
)
def test_files_that_cannot_be_imported_say_why(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_instrument(path)
    assert message in str(failed.value)


def test_a_filled_in_par_assessment_is_recognised_as_answers() -> None:
    with pytest.raises(ImportFailed) as failed:
        import_instrument(FIXTURES / "par-answers.json")
    assert str(failed.value).endswith(
        "holds the answers of a filled-in PAR assessment, not its definition: import the "
        "definition it was made with (urn:nl:prescan:2.0)"
    )


def test_a_file_that_is_not_utf8_or_missing(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: café".encode("latin-1"))
    with pytest.raises(ImportFailed, match="not UTF-8 text"):
        import_instrument(latin)
    with pytest.raises(ImportFailed, match="no such file"):
        import_instrument(tmp_path / "bestaat-niet.yaml")


# --- a large definition ------------------------------------------------------------------------


def _group(prefix: str, level: int, depth: int, description: str) -> list[dict[str, Any]]:
    """Three questions (a choice, a follow-up on it, a date), then a group one level deeper."""
    items: list[dict[str, Any]] = [
        {
            "task": f"Keuze {prefix}",
            "id": f"{prefix}.1",
            "type": ["radio_option"],
            "repeatable": False,
            "description": description,
            "options": [{"value": "ja", "label": "Ja"}, {"value": "nee", "label": "Nee"}],
        },
        {
            "task": f"Toelichting {prefix}",
            "id": f"{prefix}.2",
            "type": ["open_text"],
            "repeatable": False,
            "dependencies": [
                {
                    "type": "conditional",
                    "condition": {"id": f"{prefix}.1", "operator": "equals", "value": "ja"},
                    "action": "show",
                }
            ],
        },
        {"task": f"Datum {prefix}", "id": f"{prefix}.3", "type": ["date"], "repeatable": False},
    ]
    if level < depth:
        items.append(
            {
                "task": f"Groep {prefix}.4",
                "id": f"{prefix}.4",
                "type": ["task_group"],
                "repeatable": False,
                "description": "<p>Uitleg &amp; <b>meer</b></p>",
                "tasks": _group(f"{prefix}.4", level + 1, depth, description),
            }
        )
    return items


def large_definition(
    *, sections: int = 8, depth: int = 6, description: str = "Uitleg <i>kort</i>."
) -> dict[str, Any]:
    """A generated PAR definition: `sections` parts, each with groups `depth` levels deep."""
    return {
        "name": "Grote toets",
        "description": "Gegenereerd voor de tests.",
        "urn": "urn:nl:groot",
        "version": "1.0",
        "tasks": [
            {
                "task": f"Deel {n}",
                "id": str(n),
                "type": ["task_group"],
                "repeatable": False,
                "tasks": _group(str(n), 1, depth, description),
            }
            for n in range(1, sections + 1)
        ],
    }


def test_a_large_deeply_nested_definition_imports_quickly(tmp_path: Path) -> None:
    path = tmp_path / "groot.yaml"
    with path.open("w", encoding="utf-8") as file:
        YAML().dump(large_definition(), file)
    started = time.perf_counter()
    result = import_instrument(path)
    text, loaded = checked_set(result, "groot.levend.yaml")
    elapsed = time.perf_counter() - started
    assert len(result.questions) == 8 * (6 * 3 + 5)  # 184: questions and group texts
    assert elapsed < 5, f"took {elapsed:.1f} s"
    deepest = "1.4.4.4.4.4.2"
    assert questions(result)[deepest]["show_if"] == {"question": "1.4.4.4.4.4.1", "equals": "ja"}
    assert questions(result)["1.4.4.4.4"]["type"] == "informational"
    assert questions(result)["1.4.4.4.4"]["guidance"]["nl"] == "Uitleg & meer"
    assert [n for n in result.notes if n.item != "(top level)"] == []
    assert loaded.content == result.content
    assert text.count("\n") > 1000


def test_an_import_too_large_for_a_set_is_refused_by_the_set_rules(tmp_path: Path) -> None:
    path = tmp_path / "te-groot.json"
    path.write_text(json.dumps(large_definition(description="lang " * 5000)), encoding="utf-8")
    result = import_instrument(path)
    with pytest.raises(QuestionnaireInvalid) as invalid:
        checked_set(result, "te-groot.levend.yaml")
    assert [str(e) for e in invalid.value.errors] == [
        "te-groot.levend.yaml:1:1: file is larger than 2 MB"
    ]


def test_the_written_yaml_holds_the_notes_as_comments_and_lints() -> None:
    result = imported(PAR)
    text = render_set(result)
    header = text.split("\nkey: ", 1)[0]
    assert header.startswith(
        "# Imported by `levend questionnaire import` from par-every-construct.yaml (PAR "
        "assessment\n# definition)."
    )
    assert f"# Not carried over as it was ({len(result.notes)}):" in header
    assert "# - 2.8: an image is not supported in Levend: not imported" in header
    assert all(line.startswith("#") or not line for line in header.splitlines())
    assert load_set(text, "par.yaml").content == result.content
