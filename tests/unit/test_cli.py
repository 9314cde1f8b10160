"""The `levend` command: lint questionnaire files, load them into the database."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from app.cli import main
from app.db import get_engine
from app.models import QuestionnaireSet
from app.questionnaire.loader import set_files
from app.settings import PROJECT_ROOT, get_settings
from tests.factories import FRIA_PATH
from tests.unit.helpers import SMALL_YAML, line_col

QUESTIONNAIRES = PROJECT_ROOT / "questionnaires"


# --- lint ------------------------------------------------------------------------------------


def test_lint_passes_the_shipped_questionnaires(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(QUESTIONNAIRES)]) == 0
    out, err = capsys.readouterr()
    shipped = len(set_files([QUESTIONNAIRES]))
    assert shipped >= 1
    assert out == f"{shipped} file(s) checked, 0 problem(s)\n"
    assert err == ""


def test_lint_reports_each_problem_as_file_line_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SMALL_YAML.replace("type: yesno", "type: janee", 1).replace(
        "equals: ongoing", "equals: forever"
    )
    broken = tmp_path / "kapot.yaml"
    broken.write_text(text, encoding="utf-8")
    (tmp_path / "goed.yaml").write_text(SMALL_YAML, encoding="utf-8")
    (tmp_path / "notities.txt").write_text("geen vragenlijst", encoding="utf-8")

    assert main(["lint", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    line, column = line_col(text, "type: janee")
    assert err.splitlines() == [
        f"{broken}:{line}:{column}: sections/0/questions/1/type: unknown question type 'janee'; "
        "use one of: text, choice, multichoice, yesno, date",
    ]
    assert out == "2 file(s) checked, 1 problem(s)\n"


def test_lint_reports_rule_errors_after_the_schema_is_satisfied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SMALL_YAML.replace("equals: ongoing", "equals: forever")
    broken = tmp_path / "kapot.yaml"
    broken.write_text(text, encoding="utf-8")
    assert main(["lint", str(broken)]) == 1
    line, column = line_col(text, "equals: forever")
    assert (
        capsys.readouterr().err
        == f"{broken}:{line}:{column}: 'forever' is not an option of '1.4'\n"
    )


def test_lint_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "bestaat-niet.yaml"
    assert main(["lint", str(missing)]) == 1
    assert capsys.readouterr().err == f"{missing}:1:1: no such file\n"


def test_lint_of_a_folder_without_questionnaires(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "no questionnaire files found\n"


# --- load ------------------------------------------------------------------------------------


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


def stored_sets(session: Session) -> list[tuple[str, str, str]]:
    session.expire_all()
    return [(s.key, s.version, s.content_hash) for s in session.exec(select(QuestionnaireSet))]


def test_load_twice_is_idempotent(
    cli_database: str, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = set_files([QUESTIONNAIRES])
    assert main(["load"]) == 0
    loaded = capsys.readouterr().out.splitlines()
    assert len(loaded) == len(shipped)
    assert f"loaded ai-act-fria@1.0  ({FRIA_PATH})" in loaded
    assert all(line.startswith("loaded ") for line in loaded)
    first = stored_sets(session)
    assert ("ai-act-fria", "1.0") in [(key, version) for key, version, _hash in first]
    assert len(first) == len(shipped)

    assert main(["load", str(QUESTIONNAIRES)]) == 0
    again = capsys.readouterr().out.splitlines()
    assert again == [line.replace("loaded ", "unchanged ", 1) for line in loaded]
    assert stored_sets(session) == first


def test_load_refuses_changed_content_under_a_published_version(
    cli_database: str, session: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(FRIA_PATH)]) == 0
    before = stored_sets(session)
    capsys.readouterr()

    edited = tmp_path / "1.0.yaml"
    edited.write_text(
        FRIA_PATH.read_text(encoding="utf-8").replace("year: 2024", "year: 2025", 1),
        encoding="utf-8",
    )
    assert main(["load", str(edited)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "error: ai-act-fria@1.0 is already stored with other content; "
        "a published version never changes, so give the new content a new version\n"
        "nothing was loaded\n"
    )
    assert stored_sets(session) == before


def test_load_is_all_or_nothing_and_says_so(
    cli_database: str, session: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-goed.yaml").write_text(SMALL_YAML, encoding="utf-8")
    text = SMALL_YAML.replace("key: klein", "key: klein-kapot").replace(
        "type: yesno", "type: janee", 1
    )
    broken = tmp_path / "b-kapot.yaml"
    broken.write_text(text, encoding="utf-8")
    assert main(["load", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    line, column = line_col(text, "type: janee")
    assert err.startswith(f"{broken}:{line}:{column}: ")
    assert stored_sets(session) == []
    # Nothing was stored, so the output must not claim that the good file was loaded.
    assert "loaded klein@1.0" not in out


# --- verify ----------------------------------------------------------------------------------


def test_verify_passes_clean_history_and_names_a_tampered_revision(
    cli_database: str,
    session: Session,
    fria: QuestionnaireSet,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.unit.test_verification import _approved_twice

    assessment_id = _approved_twice(session)
    assert main(["verify"]) == 0
    assert "every sealed revision matches" in capsys.readouterr().out

    # Someone with database access edits a sealed answer, switching the guard off to do it.
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(text("ALTER TABLE answer DISABLE TRIGGER answer_frozen"))
    else:
        session.execute(text("DROP TRIGGER answer_frozen_update"))
    session.execute(
        text(
            "UPDATE answer SET value = '\"Rewritten\"' WHERE question_key = 'a.1' AND revision_id ="
            " (SELECT id FROM revision WHERE assessment_id = :a AND number = 1)"
        ),
        {"a": assessment_id},
    )
    if postgres:
        session.execute(text("ALTER TABLE answer ENABLE TRIGGER answer_frozen"))
    session.commit()

    assert main(["verify"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"assessment {assessment_id} (Chatbot), revision 1: "
        "the stored answers do not match its content hash"
    ]
    assert out == "1 broken seal(s): history was changed outside Levend\n"
