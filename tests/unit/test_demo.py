"""The demo data: the people the README and the browser tests log in as, the admin who manages
them, and the FG who also works for a second municipality."""

from sqlmodel import Session, col, select

from app.auth.accounts import authenticate, membership_of
from app.demo import DEMO_ADMIN, DEMO_PEOPLE, seed_demo
from app.models import Assessment, Membership, Organisation, User
from app.settings import get_settings


def memberships(session: Session, email: str) -> list[tuple[str, str]]:
    rows = session.exec(
        select(Organisation.slug, Membership.role)
        .join(Membership, col(Membership.organisation_id) == col(Organisation.id))
        .join(User, col(User.id) == col(Membership.user_id))
        .where(User.email == email)
        .order_by(col(Membership.id))
    )
    return [(slug, str(role)) for slug, role in rows]


def test_the_demo_has_an_admin_and_a_second_organisation_for_the_fg(session: Session) -> None:
    logins = seed_demo(session, get_settings().questionnaire_dir)
    assert logins[-1] == ("admin@demo.levend.nl", DEMO_ADMIN[3], "admin")
    assert [email for email, _p, _r in logins[:-1]] == [p[0] for p in DEMO_PEOPLE]
    for email, password, _role in logins:
        assert authenticate(session, email, password) is not None, email

    assert memberships(session, "admin@demo.levend.nl") == [
        ("demo", "admin"),
        ("buurdorp", "admin"),
    ]
    assert memberships(session, "fg@demo.levend.nl") == [
        ("demo", "reviewer"),
        ("buurdorp", "reviewer"),
    ]
    # Her first organisation stays the one she starts in (the browser tests count on it).
    fg = session.exec(select(User).where(User.email == "fg@demo.levend.nl")).one()
    first = membership_of(session, fg)
    demo = session.exec(select(Organisation).where(Organisation.slug == "demo")).one()
    assert first is not None and first.organisation_id == demo.id
    titles = session.exec(
        select(Assessment.title)
        .join(Organisation, col(Organisation.id) == col(Assessment.organisation_id))
        .where(Organisation.slug == "buurdorp")
    ).all()
    assert titles == ["Slimme verkeerslichten"]

    # Running it again changes nothing.
    counts = [len(session.exec(select(m)).all()) for m in (User, Membership, Assessment)]
    seed_demo(session, get_settings().questionnaire_dir)
    assert [len(session.exec(select(m)).all()) for m in (User, Membership, Assessment)] == counts


def test_a_demo_seeded_before_the_admin_existed_gets_the_admin(session: Session) -> None:
    from app.demo import _seed_demo_organisation
    from app.questionnaire.store import load_builtin_sets

    # What `levend demo` made before there was an admin or a second organisation.
    load_builtin_sets(session, get_settings().questionnaire_dir)
    _seed_demo_organisation(session)
    assert memberships(session, "admin@demo.levend.nl") == []

    seed_demo(session, get_settings().questionnaire_dir)
    session.expire_all()
    assert memberships(session, "admin@demo.levend.nl") == [
        ("demo", "admin"),
        ("buurdorp", "admin"),
    ]
    assert memberships(session, "fg@demo.levend.nl") == [
        ("demo", "reviewer"),
        ("buurdorp", "reviewer"),
    ]


def test_the_demo_has_an_iama_2_draft_on_the_self_learning_branch(session: Session) -> None:
    from app.access import Actor
    from app.assessments import service
    from app.models import Role
    from app.questionnaire.visibility import missing_required, visible_keys

    seed_demo(session, get_settings().questionnaire_dir)
    editor = session.exec(select(User).where(User.email == DEMO_PEOPLE[0][0])).one()
    demo = session.exec(select(Organisation).where(Organisation.slug == "demo")).one()
    assert demo.id is not None
    assessment = session.exec(
        select(Assessment).where(
            Assessment.organisation_id == demo.id, Assessment.questionnaire_key == "iama-2"
        )
    ).one()
    assert assessment.id is not None
    view = service.load_revision(session, Actor.of(editor, demo.id, Role.EDITOR), assessment.id, 1)
    assert view.questionnaire.ref == "iama-2@2.0"
    answers = view.values
    assert answers["1.3.1"] is False and answers["2.1.1.1"] == "self-learning"
    asked = visible_keys(view.questionnaire, answers)
    assert "1.3.3" not in asked
    assert all(answers.get(k) for k in ("2.2B.1", "2.2B.2", "2.2B.3", "2.2B.4"))
    assert not any(k.startswith("2.2A.") for k in answers)
    assert len(answers["4.1.1.1"]) >= 3
    rows = answers["4.3.3"]
    assert 2 <= len(rows) <= 3
    assert {row["right"] for row in rows} <= set(answers["4.1.1.1"])
    assert answers["5.C"][0]["rating"] == {"likelihood": "unlikely", "severity": "significant"}
    actions = [answers.get(f"{part}.actiepunten") for part in "12345"]
    assert all(actions) and actions[2] is not None and len(actions[2]) == 2
    # A draft with a little left to do: most required answers are in.
    missing = {q.key for q in missing_required(view.questionnaire, answers)}
    assert missing == {"4.5.4", "5.A.4"}
