"""`levend questionnaire fork | publish | export | load`: the operator forks and publishes for an
organisation, writes a set to share, and loads a shared set with its lineage; problems go to
stderr (with file:line:column for a file) and the exit code is not 0."""

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.cli import main
from app.db import get_engine
from app.models import AuditEvent, QuestionnaireSet, Role, SetStatus
from app.questionnaire.loader import load_file
from app.questionnaire.store import questionnaire_of
from app.settings import get_settings
from tests.unit.helpers import person
from tests.unit.test_cli_import import cli_database  # noqa: F401  (a fixture)

FRIA = "ai-act-fria@1.0"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["questionnaire", *args])
    out, err = capsys.readouterr()
    return code, out, err


def stored(session: Session, key: str, version: str = "1.0") -> QuestionnaireSet | None:
    session.expire_all()
    return session.exec(
        select(QuestionnaireSet).where(
            QuestionnaireSet.key == key, QuestionnaireSet.version == version
        )
    ).first()


@pytest.fixture
def orgs(cli_database: str, session: Session, fria: QuestionnaireSet) -> None:  # noqa: F811
    """Utrecht and Amersfoort, each with an admin."""
    person(session, Role.ADMIN, org="utrecht")
    person(session, Role.ADMIN, org="amersfoort")


@pytest.mark.usefixtures("orgs")
def test_fork_and_publish_for_an_organisation(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "fork", FRIA, "--as", "utrecht-fria", "--org", "utrecht")
    assert (code, out, err) == (0, f"forked {FRIA} as utrecht-fria@1.0, a draft of utrecht\n", "")
    row = stored(session, "utrecht-fria")
    assert row is not None and row.status == SetStatus.DRAFT
    assert questionnaire_of(row).lineage == (FRIA,)

    code, out, _err = run(capsys, "publish", "utrecht-fria@1.0", "--org", "utrecht")
    assert (code, out) == (0, "published utrecht-fria@1.0\n")
    row = stored(session, "utrecht-fria")
    assert row is not None and row.status == SetStatus.PUBLISHED
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all()
    assert [(e.action, e.actor_id) for e in events] == [
        ("questionnaire.forked", None),
        ("questionnaire.published", None),
    ]

    code, _out, _err = run(
        capsys,
        "fork",
        "utrecht-fria@1.0",
        "--as",
        "amersfoort-fria",
        "--org",
        "amersfoort",
        "--version",
        "2.0",
    )
    assert code == 0
    row = stored(session, "amersfoort-fria", "2.0")
    assert row is not None
    assert questionnaire_of(row).lineage == ("utrecht-fria@1.0", FRIA)


@pytest.mark.usefixtures("orgs")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("fork", FRIA, "--as", "x", "--org", "nowhere"), "error: there is no organisation "),
        (("fork", "nope@1.0", "--as", "x", "--org", "utrecht"), "error: There is no questionnaire"),
        (("fork", FRIA, "--as", "Mijn Set", "--org", "utrecht"), "error: 'Mijn Set' cannot be"),
        (("fork", FRIA, "--as", "ai-act-fria", "--org", "utrecht"), "error: The key ai-act-fria"),
        (("publish", FRIA, "--org", "utrecht"), "error: ai-act-fria@1.0 is not one of your"),
        (("export", "nope@1.0"), "error: There is no questionnaire nope@1.0."),
    ],
)
def test_refusals_go_to_stderr(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (1, "")
    assert err.startswith(message)


@pytest.mark.usefixtures("orgs")
def test_a_draft_is_exported_only_for_its_own_organisation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "fork", FRIA, "--as", "utrecht-fria", "--org", "utrecht")
    assert run(capsys, "export", "utrecht-fria@1.0")[0] == 1
    assert run(capsys, "export", "utrecht-fria@1.0", "--org", "amersfoort")[0] == 1
    code, out, _err = run(capsys, "export", "utrecht-fria@1.0", "--org", "utrecht")
    assert code == 0
    assert out.startswith("# utrecht-fria@1.0, exported from Levend (a draft).\n")
    assert "\nkey: utrecht-fria\nversion: '1.0'\n" in out


@pytest.mark.usefixtures("orgs")
def test_export_and_load_elsewhere_keeps_the_lineage(
    session: Session,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    elsewhere: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(capsys, "fork", FRIA, "--as", "utrecht-fria", "--org", "utrecht")
    run(capsys, "publish", "utrecht-fria@1.0", "--org", "utrecht")
    out = tmp_path / "utrecht-fria.yaml"
    code, stdout, _err = run(capsys, "export", "utrecht-fria@1.0", "-o", str(out))
    assert (code, stdout) == (0, f"exported utrecht-fria@1.0 to {out}\n")
    row = stored(session, "utrecht-fria")
    assert row is not None
    assert load_file(out).content_hash == row.content_hash
    assert main(["lint", str(out)]) == 0
    capsys.readouterr()
    # Another installation, with a database of its own: the fork is not there yet.
    with Session(elsewhere, expire_on_commit=False) as there:
        person(there, Role.ADMIN, org="amersfoort")
    get_engine().dispose()
    monkeypatch.setenv("LEVEND_DATABASE_URL", elsewhere.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    get_engine.cache_clear()

    code, stdout, err = run(capsys, "load", str(out), "--org", "amersfoort")
    assert (code, err) == (0, "")
    assert stdout == f"loaded utrecht-fria@1.0 <- {FRIA} into amersfoort\n"
    with Session(elsewhere) as there:
        loaded = stored(there, "utrecht-fria")
        assert loaded is not None and loaded.status == SetStatus.PUBLISHED
        assert (loaded.forked_from, loaded.content_hash) == (FRIA, row.content_hash)
    code, stdout, _err = run(capsys, "load", str(out), "--org", "amersfoort")
    assert (code, stdout) == (0, f"unchanged utrecht-fria@1.0 <- {FRIA} into amersfoort\n")


@pytest.mark.usefixtures("orgs")
def test_load_names_the_file_and_line_of_each_problem(
    session: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("key: x\nversion: '1.0'\ntitle: [open\n", encoding="utf-8")
    code, out, err = run(capsys, "load", str(broken), "--org", "utrecht")
    assert (code, out) == (1, "")
    first, *_rest, last = err.splitlines()
    assert first.startswith(f"{broken}:4:1: YAML:")
    assert last == "error: The YAML has 1 problem; nothing was saved."

    missing = tmp_path / "missing.yaml"
    code, _out, err = run(capsys, "load", str(missing), "--org", "utrecht")
    assert code == 1
    assert err == f"{missing}:1:1: cannot read: No such file or directory\n"
    assert stored(session, "x") is None
