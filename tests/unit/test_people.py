"""The rules about an organisation's people, called directly: who may change them, what a
change stores and audits, and what is refused (bad roles, duplicates, over-long fields, the
last active admin)."""

import re
import threading
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.access import Actor
from app.auth.accounts import authenticate
from app.errors import InvalidInput, NotFound, PermissionDenied, StateConflict
from app.models import AuditEvent, Membership, Organisation, Role, User
from app.people.adding import add_member
from app.people.admins import take_turn
from app.people.leaving import Departure, deactivate_member, reactivate_member
from app.people.members import list_members
from app.people.organisations import (
    create_organisation,
    organisation_for_account,
)
from app.people.roles import change_role, parse_role
from app.people.switching import organisation_to_switch_to, organisations_of
from tests.factories import PASSWORD, actor_of, make_user

NEW_PASSWORD = "paars-konijn-fietst"


@pytest.fixture
def admin(session: Session) -> Actor:
    return actor_of(session, make_user(session, Role.ADMIN, org="utrecht", name="Ada Admin"))


def events(session: Session, organisation_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    session.expire_all()
    rows = session.exec(
        select(AuditEvent)
        .where(AuditEvent.organisation_id == organisation_id)
        .order_by(col(AuditEvent.seq))
    )
    return [(e.action, e.subject, e.detail) for e in rows]


def role_in(session: Session, user_id: int | None, organisation_id: int) -> Role | None:
    session.expire_all()
    membership = session.exec(
        select(Membership).where(
            Membership.user_id == user_id, Membership.organisation_id == organisation_id
        )
    ).first()
    return Role(membership.role) if membership else None


def second_membership(session: Session, user: User, org: str) -> Organisation:
    other = make_user(session, Role.ADMIN, org=org)  # the other organisation and its admin
    organisation = actor_of(session, other).organisation_id
    assert user.id is not None
    session.add(Membership(user_id=user.id, organisation_id=organisation, role=Role.EDITOR))
    session.commit()
    found = session.get(Organisation, organisation)
    assert found is not None
    return found


# --- adding ----------------------------------------------------------------------------------


def test_an_admin_adds_a_new_account_that_can_log_in(session: Session, admin: Actor) -> None:
    added = add_member(
        session,
        admin,
        email=" Nina@Utrecht.Example ",
        name="  Nina   de Boer ",
        role="editor",
        password=NEW_PASSWORD,
    )
    assert added.new_account
    assert (added.user.email, added.user.name) == ("nina@utrecht.example", "Nina de Boer")
    assert role_in(session, added.user.id, admin.organisation_id) == Role.EDITOR
    assert authenticate(session, "nina@utrecht.example", NEW_PASSWORD) is not None
    assert events(session, admin.organisation_id)[-1] == (
        "member.added",
        "nina@utrecht.example",
        {"role": "editor", "previous_role": None},
    )


def test_an_existing_account_joins_with_its_own_name_and_password(
    session: Session, admin: Actor
) -> None:
    elsewhere = make_user(
        session, Role.REVIEWER, org="zeist", name="Femke", email="f@zeist.example"
    )
    added = add_member(
        session,
        admin,
        email="f@zeist.example",
        name="Someone Else",
        role="reviewer",
        password="an-attempt-to-take-over",
    )
    assert not added.new_account
    assert added.user.id == elsewhere.id
    session.expire_all()
    stored = session.get(User, elsewhere.id)
    assert stored is not None and stored.name == "Femke"
    assert authenticate(session, "f@zeist.example", PASSWORD) is not None
    assert authenticate(session, "f@zeist.example", "an-attempt-to-take-over") is None
    assert role_in(session, elsewhere.id, admin.organisation_id) == Role.REVIEWER


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": "boss"}, "There is no role 'boss'; choose one of: viewer, editor, reviewer"),
        ({"email": "no-at-sign"}, "is not an e-mail address"),
        ({"email": ""}, "The e-mail address is required."),
        ({"email": "a" * 250 + "@x.example"}, "An e-mail address has at most 254 characters."),
        ({"name": "x" * 201}, "A name has at most 200 characters."),
        ({"name": "   "}, "A new account needs the person's name."),
        ({"password": ""}, "A new account needs a password."),
        ({"password": "short"}, "at least 10 characters"),
        ({"password": "wachtwoord123"}, "one of the most used"),
    ],
)
def test_adding_refuses_bad_input_and_stores_nothing(
    session: Session, admin: Actor, fields: dict[str, str], message: str
) -> None:
    before = events(session, admin.organisation_id)
    values = {
        "email": "new@utrecht.example",
        "name": "New Person",
        "role": "viewer",
        "password": NEW_PASSWORD,
    } | fields
    with pytest.raises(InvalidInput, match=re.escape(message)):
        add_member(session, admin, **values)
    session.rollback()
    assert session.exec(select(User).where(User.email == "new@utrecht.example")).first() is None
    assert events(session, admin.organisation_id) == before


def test_a_member_cannot_be_added_twice(session: Session, admin: Actor) -> None:
    member = make_user(session, Role.VIEWER, org="utrecht")
    with pytest.raises(InvalidInput, match="is already a member of this organisation"):
        add_member(session, admin, email=member.email.upper(), name="", role="editor", password="")
    session.rollback()
    assert role_in(session, member.id, admin.organisation_id) == Role.VIEWER


def test_a_deactivated_account_from_elsewhere_is_not_added(session: Session, admin: Actor) -> None:
    gone = make_user(session, Role.EDITOR, org="zeist")
    gone.is_active = False
    session.add(gone)
    session.commit()
    with pytest.raises(StateConflict, match="is deactivated"):
        add_member(session, admin, email=gone.email, name="", role="editor", password="")
    session.rollback()
    assert role_in(session, gone.id, admin.organisation_id) is None


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.REVIEWER])
def test_only_admins_change_people(session: Session, role: Role) -> None:
    someone = actor_of(session, make_user(session, role, org="utrecht"))
    target = make_user(session, Role.VIEWER, org="utrecht")
    assert target.id is not None
    attempts = [
        lambda: list_members(session, someone),
        lambda: add_member(
            session, someone, email="x@utrecht.example", name="X", role="viewer", password=""
        ),
        lambda: change_role(session, someone, target.id or 0, "admin"),
        lambda: deactivate_member(session, someone, target.id or 0),
        lambda: reactivate_member(session, someone, target.id or 0),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match=f"needs the role admin.*your role is {role}"):
            attempt()
    assert role_in(session, target.id, someone.organisation_id) == Role.VIEWER
    assert events(session, someone.organisation_id) == []


# --- roles -----------------------------------------------------------------------------------


def test_parse_role_accepts_the_four_roles_only() -> None:
    assert [parse_role(r) for r in (" Viewer", "editor", "REVIEWER", "admin")] == list(Role)
    with pytest.raises(InvalidInput):
        parse_role("owner")


def test_changing_a_role_is_audited_with_both_roles(session: Session, admin: Actor) -> None:
    member = make_user(session, Role.VIEWER, org="utrecht")
    assert member.id is not None
    user, role = change_role(session, admin, member.id, "reviewer")
    assert (user.id, role) == (member.id, Role.REVIEWER)
    assert role_in(session, member.id, admin.organisation_id) == Role.REVIEWER
    assert events(session, admin.organisation_id)[-1] == (
        "member.role_changed",
        member.email,
        {"role": "reviewer", "previous_role": "viewer"},
    )
    # The same role again changes nothing and records nothing.
    count = len(events(session, admin.organisation_id))
    change_role(session, admin, member.id, "reviewer")
    assert len(events(session, admin.organisation_id)) == count


def test_the_last_active_admin_keeps_the_role(session: Session, admin: Actor) -> None:
    with pytest.raises(StateConflict, match="Ada Admin is the last active admin"):
        change_role(session, admin, admin.user_id, "editor")
    session.rollback()
    assert role_in(session, admin.user_id, admin.organisation_id) == Role.ADMIN

    # A deactivated admin does not count: there is still only one who can act.
    dormant = make_user(session, Role.ADMIN, org="utrecht")
    dormant.is_active = False
    session.add(dormant)
    session.commit()
    with pytest.raises(StateConflict):
        change_role(session, admin, admin.user_id, "viewer")
    session.rollback()

    # With a second active admin, either may step down.
    make_user(session, Role.ADMIN, org="utrecht")
    change_role(session, admin, admin.user_id, "editor")
    assert role_in(session, admin.user_id, admin.organisation_id) == Role.EDITOR


def test_two_admins_stepping_down_at_once_leave_one_admin(
    engine: Engine, session: Session, admin: Actor
) -> None:
    """Each sees two admins when they start; the second must wait for the first and then count
    again, or the organisation would end up with none."""
    other = actor_of(session, make_user(session, Role.ADMIN, org="utrecht"))
    outcome: list[BaseException | None] = []

    def other_demotes_ada() -> None:
        with Session(engine, expire_on_commit=False) as second:
            try:
                change_role(second, other, admin.user_id, "editor")
                outcome.append(None)
            except BaseException as error:  # reported to the test below
                outcome.append(error)

    with Session(engine, expire_on_commit=False) as first:
        take_turn(first, admin.organisation_id)  # Ada starts: her change holds the turn
        racer = threading.Thread(target=other_demotes_ada)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive(), "the second change did not wait for the first"
        change_role(first, admin, other.user_id, "editor")  # commits, ending the turn
    racer.join(timeout=10)
    assert len(outcome) == 1 and isinstance(outcome[0], StateConflict), outcome
    assert role_in(session, admin.user_id, admin.organisation_id) == Role.ADMIN
    assert role_in(session, other.user_id, admin.organisation_id) == Role.EDITOR


def test_someone_from_another_organisation_is_not_found(session: Session, admin: Actor) -> None:
    stranger = make_user(session, Role.VIEWER, org="zeist")
    assert stranger.id is not None
    for attempt in (
        lambda: change_role(session, admin, stranger.id or 0, "admin"),
        lambda: deactivate_member(session, admin, stranger.id or 0),
        lambda: reactivate_member(session, admin, stranger.id or 0),
    ):
        with pytest.raises(NotFound, match=f"There is no member {stranger.id} in this"):
            attempt()
        session.rollback()
    session.expire_all()
    assert role_in(session, stranger.id, actor_of(session, stranger).organisation_id) == (
        Role.VIEWER
    )


# --- leaving and coming back -----------------------------------------------------------------


def test_an_account_only_here_is_deactivated_and_reactivated(
    session: Session, admin: Actor
) -> None:
    member = make_user(session, Role.EDITOR, org="utrecht", name="Eva")
    assert member.id is not None
    _user, departure = deactivate_member(session, admin, member.id)
    assert departure == Departure.DEACTIVATED
    session.expire_all()
    stored = session.get(User, member.id)
    assert stored is not None and not stored.is_active and stored.name == "Eva"
    # Still listed (with their name on their history), still an editor, but cannot log in.
    assert role_in(session, member.id, admin.organisation_id) == Role.EDITOR
    assert authenticate(session, member.email, PASSWORD) is None
    with pytest.raises(StateConflict, match="Eva is deactivated already"):
        deactivate_member(session, admin, member.id)
    session.rollback()

    reactivate_member(session, admin, member.id)
    assert authenticate(session, member.email, PASSWORD) is not None
    with pytest.raises(StateConflict, match="Eva is active already"):
        reactivate_member(session, admin, member.id)
    session.rollback()
    detail = {"role": "editor", "previous_role": "editor"}
    assert events(session, admin.organisation_id)[-2:] == [
        ("member.deactivated", member.email, detail),
        ("member.reactivated", member.email, detail),
    ]


def test_an_account_that_also_belongs_elsewhere_is_only_removed_here(
    session: Session, admin: Actor
) -> None:
    member = make_user(session, Role.REVIEWER, org="utrecht")
    zeist = second_membership(session, member, "zeist")
    assert member.id is not None and zeist.id is not None
    _user, departure = deactivate_member(session, admin, member.id)
    assert departure == Departure.REMOVED
    assert role_in(session, member.id, admin.organisation_id) is None
    assert role_in(session, member.id, zeist.id) == Role.EDITOR
    assert authenticate(session, member.email, PASSWORD) is not None
    assert events(session, admin.organisation_id)[-1] == (
        "member.removed",
        member.email,
        {"role": None, "previous_role": "reviewer"},
    )
    assert [m.user_id for m in list_members(session, admin)] == [admin.user_id]


def test_the_last_active_admin_is_not_deactivated_or_removed(
    session: Session, admin: Actor
) -> None:
    with pytest.raises(StateConflict, match="last active admin"):
        deactivate_member(session, admin, admin.user_id)
    session.rollback()
    session.expire_all()
    me = session.get(User, admin.user_id)
    assert me is not None and me.is_active

    # Belonging elsewhere too changes nothing: here they would still leave no admin behind.
    second_membership(session, me, "zeist")
    with pytest.raises(StateConflict, match="last active admin"):
        deactivate_member(session, admin, admin.user_id)
    session.rollback()
    assert role_in(session, admin.user_id, admin.organisation_id) == Role.ADMIN


def test_the_member_list_shows_everyone_with_their_state(session: Session, admin: Actor) -> None:
    zoe = make_user(session, Role.VIEWER, org="utrecht", name="zoë")
    bram = make_user(session, Role.EDITOR, org="utrecht", name="Bram")
    second_membership(session, bram, "zeist")
    zoe.is_active = False
    session.add(zoe)
    session.commit()
    make_user(session, Role.EDITOR, org="zeist", name="Not here")
    shown = [(m.name, m.role, m.active, m.elsewhere) for m in list_members(session, admin)]
    assert shown == [
        ("Ada Admin", Role.ADMIN, True, 0),
        ("Bram", Role.EDITOR, True, 1),
        ("zoë", Role.VIEWER, False, 0),
    ]


# --- organisations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug", ["Utrecht", "gemeente utrecht", "-utrecht", "utrecht-", "a--b", "", "x" * 65, "ü"]
)
def test_a_bad_slug_is_refused(session: Session, slug: str) -> None:
    with pytest.raises(InvalidInput, match="is not a valid organisation slug"):
        create_organisation(session, slug=slug, name="Gemeente")


def test_an_organisation_is_created_once(session: Session) -> None:
    made = create_organisation(session, slug="west-betuwe", name="  Gemeente  West Betuwe ")
    assert (made.slug, made.name) == ("west-betuwe", "Gemeente West Betuwe")
    with pytest.raises(
        StateConflict, match=re.escape("There is already an organisation west-betuwe.")
    ):
        create_organisation(session, slug="west-betuwe", name="Again")
    session.rollback()
    with pytest.raises(InvalidInput, match="needs a name"):
        create_organisation(session, slug="ede", name=" ")
    with pytest.raises(InvalidInput, match="at most 200 characters"):
        create_organisation(session, slug="ede", name="E" * 201)


def test_a_new_account_finds_or_makes_its_organisation(session: Session) -> None:
    made, created = organisation_for_account(session, slug="de-bilt", name=None)
    assert created and made.name == "De Bilt"
    found, created = organisation_for_account(session, slug="de-bilt", name="Other")
    assert not created and found.id == made.id


def test_switching_only_to_ones_own_organisations(session: Session) -> None:
    fg = make_user(session, Role.REVIEWER, org="utrecht")
    zeist = second_membership(session, fg, "zeist")
    make_user(session, Role.VIEWER, org="ede")
    me = actor_of(session, fg)
    assert fg.id is not None and zeist.id is not None
    assert [o.slug for o in organisations_of(session, fg.id)] == ["utrecht", "zeist"]
    assert organisation_to_switch_to(session, me, zeist.id).slug == "zeist"
    ede = session.exec(select(Organisation).where(Organisation.slug == "ede")).one()
    assert ede.id is not None
    with pytest.raises(NotFound, match=re.escape(f"There is no organisation {ede.id}.")):
        organisation_to_switch_to(session, me, ede.id)
