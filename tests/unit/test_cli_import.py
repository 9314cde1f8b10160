"""`levend questionnaire import`: an official instrument in, a set that `levend lint` accepts out,
every loss reported on stderr and at the top of the file; with --load the set is stored and can
be used at once."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.cli import main
from app.db import get_engine
from app.models import Assessment, QuestionnaireSet, Role
from app.questionnaire.model import QuestionType
from app.questionnaire.store import find_set, questionnaire_of
from app.settings import get_settings
from tests.unit.helpers import person
from tests.unit.test_importers import FIXTURES, PAR, REFERENCE, TASK_REGISTRY, large_definition

USAGE = "levend questionnaire import"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["questionnaire", "import", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The command reads LEVEND_DATABASE_URL like in production; point it at the test database."""
    monkeypatch.setenv("LEVEND_DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        yield database_url
    finally:
        get_engine().dispose()
        get_engine.cache_clear()
        get_settings.cache_clear()


def stored(session: Session) -> list[tuple[str, str]]:
    session.expire_all()
    return [(s.key, s.version) for s in session.exec(select(QuestionnaireSet))]


# --- writing the set ---------------------------------------------------------------------------


def test_import_the_real_task_registry_instrument_and_lint_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not REFERENCE.exists():
        pytest.skip(f"the reference instrument is not at {REFERENCE}")
    out = tmp_path / "ca.yaml"
    code, stdout, stderr = run(capsys, str(REFERENCE), "-o", str(out))
    assert code == 0, stderr
    assert stdout == (
        f"imported task-registry instrument {REFERENCE} as tr-ca@1.0: 8 questions and 0 texts "
        f"in 1 section(s), 4 warning(s); written to {out}\n"
    )
    warnings = stderr.splitlines()
    assert len(warnings) == 4
    assert all(line.startswith("warning: ") for line in warnings)
    assert any(
        line.startswith("warning: urn:nl:aivt:tr:ca:1.0:8.0: sign_task") for line in warnings
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported by `levend questionnaire import` from ")
    assert "# - urn:nl:aivt:tr:ca:1.0:8.0: sign_task: Levend has no signatures" in text
    assert main(["lint", str(out)]) == 0
    assert capsys.readouterr().out == "1 file(s) checked, 0 problem(s)\n"


@pytest.mark.parametrize("fixture", [TASK_REGISTRY, PAR, FIXTURES / "par-prescan.json"])
def test_every_fixture_imports_into_a_set_that_lints(
    fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "set.yaml"
    code, stdout, stderr = run(capsys, str(fixture), "-o", str(out))
    assert code == 0, stderr
    assert stdout.startswith("imported ")
    comments = [line for line in out.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
    assert len([c for c in comments if c.startswith("# - ")]) == len(stderr.splitlines())
    assert main(["lint", str(out)]) == 0


def test_a_par_definition_with_repeatables_gives_tables_and_says_what_they_cannot_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "par.yaml"
    code, stdout, stderr = run(capsys, str(PAR), "-o", str(out))
    assert code == 0, stderr
    warnings = stderr.splitlines()
    assert f"{len(warnings)} warning(s)" in stdout
    # Every item a table cannot hold as it was is a warning of its own.
    for expected in (
        "warning: 3.1.3: shown only when 3.1.2 equals true in each entry of the repeatable 3.1",
        "warning: 3.1.6: multiselect_scrollable in a table: a cell holds one answer",
        "warning: 3.3: has an entry per answer to 3.1.1 in the original (instance_mapping)",
        "warning: 3.5.8: the repeatable 3.5 has more items than the 8 columns a table can have",
        "warning: 3.5.10: the repeatable 3.5 has more items than the 8 columns a table can have",
    ):
        assert any(line.startswith(expected) for line in warnings), expected
    # Conditions that all hold are carried, not reported; repeatables are no longer text.
    assert not any("one condition per question" in line for line in warnings)
    assert not any("single text question" in line for line in warnings)
    text = out.read_text(encoding="utf-8")
    assert text.count("        type: table\n") == 4
    assert "          all:\n" in text
    assert main(["lint", str(out)]) == 0


def test_key_and_version_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "eigen.yaml"
    code, stdout, _stderr = run(
        capsys, str(PAR), "-o", str(out), "--key", "toets", "--version", "3"
    )
    assert code == 0
    assert " as toets@3: " in stdout
    assert "\nkey: toets\nversion: '3'\n" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--key", "Toets Een", "--key must be lower-case letters, digits and hyphens"),
        ("--version", "v2", "--version must be numbers and dots"),
    ],
)
def test_a_bad_key_or_version_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    out = tmp_path / "set.yaml"
    code, stdout, stderr = run(capsys, str(PAR), "-o", str(out), option, value)
    assert code == 2
    assert stdout == ""
    assert stderr.startswith(f"{USAGE}: {message}")
    assert len(stderr.splitlines()) == 1
    assert not out.exists()


# --- files that cannot be imported -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "not-an-instrument.yaml",
            "{path} is not an instrument Levend can import: expected a task-registry instrument "
            "(urn, and tasks with a question) or a PAR assessment definition (tasks with id, task "
            "and type)",
        ),
        (
            "broken.yaml",
            "{path}:5:4: not valid YAML: expected <block end>, but found '<block mapping start>'",
        ),
        (
            "empty.yaml",
            "{path} is empty: expected a task-registry instrument (urn, and tasks with a question) "
            "or a PAR assessment definition (tasks with id, task and type), in YAML or JSON",
        ),
        (
            "par-answers.json",
            "{path} holds the answers of a filled-in PAR assessment, not its definition: import "
            "the definition it was made with (urn:nl:prescan:2.0)",
        ),
        ("missing.yaml", "{path}: no such file"),
    ],
)
def test_input_that_is_not_an_instrument_gives_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    path, out = FIXTURES / name, tmp_path / "set.yaml"
    code, stdout, stderr = run(capsys, str(path), "-o", str(out))
    assert code == 1
    assert stdout == ""
    assert stderr == f"error: {message.format(path=path)}\n"
    assert not out.exists()


def test_an_import_that_would_not_be_a_valid_set_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "te-groot.json", tmp_path / "set.yaml"
    source.write_text(json.dumps(large_definition(description="lang " * 5000)), encoding="utf-8")
    code, stdout, stderr = run(capsys, str(source), "-o", str(out))
    assert code == 1
    assert stdout == ""
    assert stderr.splitlines()[-2:] == [
        f"error: {source} does not make a valid questionnaire set; nothing was written",
        f"{out}:1:1: file is larger than 2 MB",
    ]
    assert not out.exists()


def test_an_output_folder_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nergens" / "set.yaml"
    code, _stdout, stderr = run(capsys, str(PAR), "-o", str(out))
    assert code == 1
    assert stderr.splitlines()[-1] == f"error: cannot write {out}: No such file or directory"


# --- --load ------------------------------------------------------------------------------------


def test_load_stores_the_set_ready_for_an_assessment(
    cli_database: str, session: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "set.yaml"
    code, stdout, stderr = run(capsys, str(PAR), "-o", str(out), "--load")
    assert code == 0, stderr
    assert stdout.splitlines()[-1] == "loaded par-voorbeeldtoets@1.2"
    assert stored(session) == [("par-voorbeeldtoets", "1.2")]
    row = find_set(session, "par-voorbeeldtoets", "1.2", organisation_id=None)
    assert row is not None
    assert row.title == "Voorbeeldtoets algoritmes"
    questionnaire = questionnaire_of(row)
    assert questionnaire.by_key["1.2.2.3"].show_if is not None
    both_hold = questionnaire.by_key["2.14"].show_if
    assert both_hold is not None and len(both_hold.all) == 2
    table = questionnaire.by_key["3.1"]
    assert table.type == QuestionType.TABLE
    assert [(c.key, c.type.value, c.required) for c in table.columns[:2]] == [
        ("3_1_1", "text", True),
        ("3_1_2", "choice", False),
    ]
    assert len(questionnaire.questions) == out.read_text(encoding="utf-8").count("\n      - key: ")

    # It can be used at once: an editor starts an assessment with it.
    from app.assessments.service import create_assessment

    editor = person(session, Role.EDITOR)
    assessment, revision = create_assessment(
        session, editor, title="Chatbot", questionnaire_ref="par-voorbeeldtoets@1.2"
    )
    assert revision.number == 1
    session.expire_all()
    assert session.get(Assessment, assessment.id) is not None

    # The same import again changes nothing.
    code, stdout, _stderr = run(capsys, str(PAR), "-o", str(out), "--load")
    assert code == 0
    assert stdout.splitlines()[-1] == "unchanged par-voorbeeldtoets@1.2"
    assert stored(session) == [("par-voorbeeldtoets", "1.2")]


def test_load_refuses_other_content_under_a_stored_version(
    cli_database: str, session: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "een.yaml", tmp_path / "twee.yaml"
    assert run(capsys, str(PAR), "-o", str(first), "--load", "--key", "toets")[0] == 0
    code, _stdout, stderr = run(
        capsys,
        str(TASK_REGISTRY),
        "-o",
        str(second),
        "--load",
        "--key",
        "toets",
        "--version",
        "1.2",
    )
    assert code == 1
    assert stderr.splitlines()[-1] == (
        "error: toets@1.2 is already stored with other content; a published version never "
        f"changes, so give the new content a new version; {second} was written, but not loaded"
    )
    assert second.exists()
    assert stored(session) == [("toets", "1.2")]


def test_without_load_nothing_is_stored(
    cli_database: str, session: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, str(PAR), "-o", str(tmp_path / "set.yaml"))[0] == 0
    assert stored(session) == []
