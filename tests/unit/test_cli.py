"""The `levend` command: lint questionnaire files, load them into the database, verify the
sealed revisions and the audit chains."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, func, select

from app.cli import main
from app.db import get_engine
from app.models import AuditEvent, QuestionnaireSet
from app.questionnaire.loader import set_files
from app.settings import PROJECT_ROOT, get_settings
from tests.factories import FRIA_PATH
from tests.unit.helpers import (
    SMALL_YAML,
    People,
    approved_assessment,
    delete_event,
    line_col,
    new_assessment,
    rewrite_event,
)

QUESTIONNAIRES = PROJECT_ROOT / "questionnaires"
ALTAI_PATH = QUESTIONNAIRES / "altai" / "1.0.yaml"


# --- lint ------------------------------------------------------------------------------------


def test_lint_passes_the_shipped_questionnaires(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(QUESTIONNAIRES)]) == 0
    out, err = capsys.readouterr()
    shipped = len(set_files([QUESTIONNAIRES]))
    assert shipped >= 1
    assert {FRIA_PATH, ALTAI_PATH} <= set(set_files([QUESTIONNAIRES]))
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
        "use one of: text, choice, multichoice, yesno, date, scale, informational, "
        "table, risk, actions",
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
    assert f"loaded altai@1.0  ({ALTAI_PATH})" in loaded
    assert all(line.startswith("loaded ") for line in loaded)
    first = stored_sets(session)
    refs = {(key, version) for key, version, _hash in first}
    assert {("ai-act-fria", "1.0"), ("altai", "1.0")} <= refs
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
    events = session.exec(select(func.count()).select_from(AuditEvent)).one()
    intact = f"utrecht: audit chain of {events} events is intact"
    assert main(["verify"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        intact,
        "every sealed revision matches its hash and its parent; every audit chain is intact",
    ]
    assert err == ""

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
    # The audit trail was not touched: its chain is still whole.
    assert out.splitlines() == [intact, "1 broken seal(s): history was changed outside Levend"]


EVENT_5 = r"event 5 \(answer\.saved, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)"
TAMPERING: dict[str, tuple[Any, str]] = {
    "changed": (
        lambda session, org: rewrite_event(session, org, 5, detail={"version": 7}),
        rf"{EVENT_5} was changed after it was written \(hash mismatch\)",
    ),
    "removed from the middle": (
        lambda session, org: delete_event(session, org, 4),
        rf"event 4 is missing \(next is {EVENT_5}\)",
    ),
    "removed from the end": (
        lambda session, org: delete_event(session, org, 7),
        r"the chain ends at event 6, but its head says 7: events were removed from its end",
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERING))
def test_verify_names_the_organisation_and_the_first_broken_audit_event(
    cli_database: str,
    session: Session,
    who: People,
    capsys: pytest.CaptureFixture[str],
    tampering: str,
) -> None:
    approved_assessment(session, who)  # 7 events in Utrecht
    new_assessment(session, who.outsider, title="Parkeerbeheer")  # 1 in Amersfoort
    assert main(["verify"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "amersfoort: audit chain of 1 events is intact",
        "utrecht: audit chain of 7 events is intact",
        "every sealed revision matches its hash and its parent; every audit chain is intact",
    ]
    assert err == ""

    tamper, problem = TAMPERING[tampering]
    tamper(session, who.editor.organisation_id)

    assert main(["verify"]) == 1
    out, err = capsys.readouterr()
    [line] = err.splitlines()
    assert re.fullmatch(f"utrecht: {problem}", line), line
    assert out.splitlines() == [
        "amersfoort: audit chain of 1 events is intact",
        "1 broken audit chain(s): the trail was changed outside Levend",
    ]
