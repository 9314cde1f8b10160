"""`levend org create` and `levend user create`: what they print, what they store, and the
one-line errors (on stderr, exit 1) when they refuse."""

from collections.abc import Iterator
from io import StringIO

import pytest
from sqlmodel import Session, select

from app.cli import main
from app.db import get_engine
from app.models import ApiToken, AuditEvent, Membership, Organisation, User
from app.settings import get_settings


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


def organisations(session: Session) -> list[tuple[str, str]]:
    session.expire_all()
    return [
        (o.slug, o.name) for o in session.exec(select(Organisation).order_by(Organisation.slug))
    ]


def test_org_create_stores_the_organisation_and_says_so(
    cli_database: str, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["org", "create", "west-betuwe", "--name", "Gemeente West Betuwe"]) == 0
    out, err = capsys.readouterr()
    assert out == "created organisation west-betuwe (Gemeente West Betuwe)\n"
    assert err == ""
    assert organisations(session) == [("west-betuwe", "Gemeente West Betuwe")]


def test_org_create_refuses_an_existing_slug(
    cli_database: str, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["org", "create", "ede", "--name", "Gemeente Ede"]) == 0
    capsys.readouterr()
    assert main(["org", "create", "ede", "--name", "Another Ede"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "error: There is already an organisation ede.\n"
    assert organisations(session) == [("ede", "Gemeente Ede")]


@pytest.mark.parametrize("slug", ["Gemeente Ede", "ede_", "ede-", "e" * 65])
def test_org_create_refuses_a_bad_slug_in_one_line(
    cli_database: str, session: Session, capsys: pytest.CaptureFixture[str], slug: str
) -> None:
    assert main(["org", "create", slug, "--name", "Ede"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    assert "is not a valid organisation slug: use lower-case letters, digits and hyphens" in err
    assert organisations(session) == []


def test_user_create_makes_a_missing_organisation(
    cli_database: str,
    session: Session,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", StringIO("een-lang-wachtwoord\n"))
    argv = ["user", "create", "beheer@ede.nl", "--org", "ede", "--role", "admin"]
    assert main([*argv, "--password-stdin"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "created organisation ede (Ede)",
        "created beheer@ede.nl (admin) in ede",
    ]
    assert err == ""
    session.expire_all()
    user = session.exec(select(User).where(User.email == "beheer@ede.nl")).one()
    membership = session.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert membership.role == "admin"

    # The next account joins the organisation that now exists.
    monkeypatch.setattr("sys.stdin", StringIO("nog-een-wachtwoord\n"))
    argv = ["user", "create", "fg@ede.nl", "--org", "ede", "--role", "reviewer"]
    assert main([*argv, "--password-stdin"]) == 0
    assert capsys.readouterr().out == "created fg@ede.nl (reviewer) in ede\n"
    assert organisations(session) == [("ede", "Ede")]

    # Both are in the organisation's audit trail, made at the command line (no person).
    events = session.exec(
        select(AuditEvent).where(AuditEvent.organisation_id == membership.organisation_id)
    ).all()
    assert [(e.action, e.actor_id, e.subject, e.detail["role"]) for e in events] == [
        ("member.added", None, "beheer@ede.nl", "admin"),
        ("member.added", None, "fg@ede.nl", "reviewer"),
    ]


def test_user_create_that_fails_leaves_no_organisation_behind(
    cli_database: str,
    session: Session,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", StringIO("kort\n"))
    argv = ["user", "create", "a@ede.nl", "--org", "ede", "--role", "admin", "--password-stdin"]
    assert main(argv) == 1
    assert capsys.readouterr().err == "error: A password needs at least 10 characters.\n"
    assert organisations(session) == []

    monkeypatch.setattr("sys.stdin", StringIO("een-lang-wachtwoord\n"))
    argv = ["user", "create", "a@ede.nl", "--org", "Ede!", "--role", "admin", "--password-stdin"]
    assert main(argv) == 1
    assert "is not a valid organisation slug" in capsys.readouterr().err
    assert organisations(session) == []


def test_token_create_names_the_organisation_when_there_are_several(
    cli_database: str,
    session: Session,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", StringIO("een-lang-wachtwoord\n"))
    argv = ["user", "create", "fg@regio.nl", "--org", "ede", "--role", "reviewer"]
    assert main([*argv, "--password-stdin"]) == 0
    assert main(["org", "create", "wageningen", "--name", "Wageningen"]) == 0
    capsys.readouterr()
    session.expire_all()
    user = session.exec(select(User).where(User.email == "fg@regio.nl")).one()
    wageningen = session.exec(select(Organisation).where(Organisation.slug == "wageningen")).one()
    assert user.id is not None and wageningen.id is not None
    session.add(Membership(user_id=user.id, organisation_id=wageningen.id, role="reviewer"))
    session.commit()

    assert main(["token", "create", "fg@regio.nl"]) == 1
    assert capsys.readouterr().err == (
        "error: fg@regio.nl belongs to ede, wageningen; name the one the token acts in.\n"
    )
    assert main(["token", "create", "fg@regio.nl", "--org", "utrecht"]) == 1
    assert capsys.readouterr().err == "error: fg@regio.nl is not a member of utrecht.\n"

    assert main(["token", "create", "fg@regio.nl", "--org", "wageningen"]) == 0
    token = capsys.readouterr().out.splitlines()[-1]
    session.expire_all()
    stored = session.exec(select(ApiToken)).one()
    assert stored.organisation_id == wageningen.id
    assert token.startswith("lvd_") and stored.token_hash != token
