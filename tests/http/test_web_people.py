"""The people page of an organisation's admins, and the organisation switch in the page header,
as a browser without JavaScript uses them: forms that post and redirect, and what the pages
show afterwards."""

import pytest
from bs4 import Tag
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Assessment, Membership, QuestionnaireSet, Role, User
from tests.factories import actor_of, login, make_assessment, make_user
from tests.http.helpers import ENGLISH, fresh, one, page, text

NEW_PASSWORD = "paars-konijn-fietst"


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


def row_of(html: str, user: User) -> dict[str, str]:
    row = one(page(html), f"#member-{user.id}")
    selected = row.select_one("select[name=role] option[selected]")
    return {
        "name": text(row.select_one(".levend-people__name")),
        "email": text(row.select_one(".levend-people__email")),
        "role": str(selected["value"]) if selected else "",
        "status": text(row.select("td")[3]),
        "action": name_of(row.select_one(".levend-people__actions button")),
    }


def name_of(button: Tag | None) -> str:
    """What a screen reader announces: the text of the button and its hidden parts, joined."""
    assert button is not None
    return " ".join(button.get_text("").split())


def test_an_admin_sees_every_member_and_the_people_link(
    client: TestClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN, name="Ada Admin", email="ada@utrecht.example")
    viewer = make_user(session, Role.VIEWER, name="Victor", email="victor@utrecht.example")
    make_user(session, Role.VIEWER, org="zeist", name="Zeist Person")
    login(client, admin)

    home = page(client.get("/").text)
    assert text(one(home, 'nav a[href="/people"]')) == "People"
    response = client.get("/people")
    assert response.status_code == 200
    tree = page(response.text)
    assert text(one(tree, "h1")) == "People"
    assert one(tree, 'nav a[href="/people"]')["aria-current"] == "page"
    assert row_of(response.text, viewer) == {
        "name": "Victor",
        "email": "victor@utrecht.example",
        "role": "viewer",
        "status": "Active",
        "action": "Deactivate: Victor",
    }
    assert row_of(response.text, admin)["name"] == "Ada Admin (you)"
    assert "Zeist Person" not in response.text
    # Every form posts with the CSRF token, every select has a label.
    for form in tree.select("main form"):
        assert form.select_one("input[name=csrf_token]") is not None
    for select_box in tree.select("main select"):
        assert tree.select_one(f'label[for="{select_box["id"]}"]') is not None


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.REVIEWER])
def test_others_get_no_people_link_and_a_403(
    client: TestClient, session: Session, role: Role
) -> None:
    login(client, make_user(session, role))
    assert page(client.get("/").text).select('a[href="/people"]') == []
    response = client.get("/people")
    assert response.status_code == 403
    assert f"needs the role admin or higher; your role is {role}" in text(
        one(page(response.text), ".levend-alert")
    )


def test_an_admin_adds_a_new_person_who_can_then_log_in(
    client: TestClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    csrf = login(client, admin)
    response = client.post(
        "/people",
        data={
            "email": "Nina@Utrecht.example",
            "name": "Nina de Boer",
            "role": "editor",
            "password": NEW_PASSWORD,
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/people"
    shown = client.get("/people")
    assert text(one(page(shown.text), "[role=status]")) == "Nina de Boer can now log in as editor."
    nina = fresh(session).exec(select(User).where(User.email == "nina@utrecht.example")).one()
    assert row_of(shown.text, nina)["role"] == "editor"
    # The notice is shown once.
    assert page(client.get("/people").text).select("[role=status]") == []

    with TestClient(client.app, base_url="http://testserver", headers=ENGLISH) as nina_client:
        login(nina_client, nina, NEW_PASSWORD)
        assert "Nina de Boer" in nina_client.get("/").text


def test_an_existing_account_joins_and_the_admin_is_told_it_keeps_its_password(
    client: TestClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    other = make_user(session, Role.REVIEWER, org="zeist", name="Femke")
    csrf = login(client, admin)
    # The form's redirect is followed to the page, which says what happened.
    shown = client.post(
        "/people",
        data={"email": other.email, "role": "reviewer", "csrf_token": csrf},
    )
    assert "Femke already had a Levend account and joins as reviewer" in text(
        one(page(shown.text), "[role=status]")
    )
    assert row_of(shown.text, other)["action"] == "Remove from organisation: Femke"


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"role": "boss"}, 422, "There is no role 'boss'"),
        ({"name": "N" * 201}, 422, "A name has at most 200 characters."),
        ({"email": "e" * 300 + "@x.example"}, 422, "An e-mail address has at most 254"),
        ({"password": "kort"}, 422, "A password needs at least 10 characters."),
        ({"email": "taken@utrecht.example"}, 422, "is already a member of this organisation"),
    ],
)
def test_a_refused_addition_shows_the_form_again_with_the_reason(
    client: TestClient, session: Session, fields: dict[str, str], status: int, message: str
) -> None:
    admin = make_user(session, Role.ADMIN)
    make_user(session, Role.VIEWER, email="taken@utrecht.example")
    csrf = login(client, admin)
    data = {
        "email": "new@utrecht.example",
        "name": "New Person",
        "role": "editor",
        "password": NEW_PASSWORD,
    } | fields
    response = client.post("/people", data=data | {"csrf_token": csrf})
    assert response.status_code == status
    tree = page(response.text)
    assert message in text(one(tree, ".levend-alert"))
    assert one(tree, "input#email")["value"] == data["email"]
    assert one(tree, "input#name")["value"] == data["name"]
    assert one(tree, "input#password").get("value") is None  # never sent back
    count = len(fresh(session).exec(select(User)).all())
    assert count == 2


def test_change_role_deactivate_and_reactivate_through_the_forms(
    client: TestClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    eva = make_user(session, Role.EDITOR, name="Eva")
    csrf = login(client, admin)
    with TestClient(client.app, base_url="http://testserver", headers=ENGLISH) as eva_client:
        login(eva_client, eva)

        shown = client.post(f"/people/{eva.id}/role", data={"role": "reviewer", "csrf_token": csrf})
        assert text(one(page(shown.text), "[role=status]")) == "The role of Eva is now reviewer."
        assert row_of(shown.text, eva)["role"] == "reviewer"
        assert "(reviewer)" in text(one(page(eva_client.get("/").text), ".levend-user"))

        shown = client.post(f"/people/{eva.id}/deactivate", data={"csrf_token": csrf})
        assert text(one(page(shown.text), "[role=status]")) == "The account of Eva is deactivated."
        assert row_of(shown.text, eva) | {"email": ""} == {
            "name": "Eva",
            "email": "",
            "role": "reviewer",
            "status": "Deactivated",
            "action": "Reactivate: Eva",
        }
        # Her open session ends at once.
        assert eva_client.get("/", follow_redirects=False).headers["location"].startswith("/login")

        shown = client.post(f"/people/{eva.id}/reactivate", data={"csrf_token": csrf})
        assert text(one(page(shown.text), "[role=status]")) == "The account of Eva is active again."
        assert row_of(shown.text, eva)["status"] == "Active"
        login(eva_client, eva)


def test_someone_who_belongs_elsewhere_is_removed_from_the_list(
    client: TestClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    bram = make_user(session, Role.EDITOR, org="zeist", name="Bram")
    utrecht = actor_of(session, admin).organisation_id
    assert bram.id is not None
    session.add(Membership(user_id=bram.id, organisation_id=utrecht, role=Role.VIEWER))
    session.commit()
    csrf = login(client, admin)
    response = client.post(f"/people/{bram.id}/deactivate", data={"csrf_token": csrf})
    assert response.status_code == 200
    tree = page(response.text)
    assert text(one(tree, "[role=status]")) == "Bram no longer belongs to this organisation."
    assert tree.select(f"#member-{bram.id}") == []
    stored = fresh(session).get(User, bram.id)
    assert stored is not None and stored.is_active


def test_the_last_admin_cannot_lock_the_organisation_out(
    client: TestClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN, name="Ada")
    csrf = login(client, admin)
    for url, data in [
        (f"/people/{admin.id}/deactivate", {}),
        (f"/people/{admin.id}/role", {"role": "editor"}),
    ]:
        response = client.post(url, data=data | {"csrf_token": csrf})
        assert response.status_code == 409
        assert "Ada is the last active admin of this organisation" in text(
            one(page(response.text), ".levend-alert")
        )
        assert row_of(response.text, admin)["role"] == "admin"
        assert row_of(response.text, admin)["status"] == "Active"


def test_an_admin_who_steps_down_goes_to_the_assessments(
    client: TestClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    make_user(session, Role.ADMIN)
    csrf = login(client, admin)
    response = client.post(
        f"/people/{admin.id}/role",
        data={"role": "editor", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"
    assert page(client.get("/").text).select('a[href="/people"]') == []


def test_a_person_in_two_organisations_switches_in_the_header(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    fg = make_user(session, Role.REVIEWER, org="utrecht", name="Femke")
    zeist_editor = make_user(session, Role.EDITOR, org="zeist")
    make_assessment(session, actor_of(session, zeist_editor), title="Zeist's chatbot")
    zeist = actor_of(session, zeist_editor).organisation_id
    assert fg.id is not None
    session.add(Membership(user_id=fg.id, organisation_id=zeist, role=Role.ADMIN))
    session.commit()
    csrf = login(client, fg)

    header = one(page(client.get("/").text), "header")
    switch = one(header, 'form[action="/organisation"]')
    assert text(one(switch, "label[for=organisation-switch]")) == "Organisation"
    options = [(text(o), o.has_attr("selected")) for o in switch.select("option")]
    assert options == [("Utrecht", True), ("Zeist", False)]
    assert "Zeist's chatbot" not in client.get("/").text

    response = client.post(
        "/organisation",
        data={"organisation_id": str(zeist), "csrf_token": csrf},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/")
    home = page(client.get("/").text)
    assert "Zeist's chatbot" in text(one(home, "main"))
    assert text(one(home, ".levend-role")) == "(admin)"
    assert one(home, "#organisation-switch option[selected]")["value"] == str(zeist)
    # An admin there, so the people page is hers to see there.
    assert client.get("/people").status_code == 200
    assert fresh(session).exec(select(Assessment)).one().organisation_id == zeist


def test_one_organisation_means_no_switch(client: TestClient, session: Session) -> None:
    login(client, make_user(session, Role.EDITOR))
    assert page(client.get("/").text).select('form[action="/organisation"]') == []


def test_the_people_page_speaks_dutch(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    make_user(session, Role.VIEWER, name="Victor")
    login(client, admin)
    tree = page(client.get("/people", headers={"Accept-Language": "nl"}).text)
    assert text(one(tree, "h1")) == "Mensen"
    assert "Deactiveren: Victor" in [name_of(b) for b in tree.select("table button")]
    assert text(one(tree, "label[for=password]")) == "Wachtwoord"
