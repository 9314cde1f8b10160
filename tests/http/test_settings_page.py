"""The organisation's settings page: admins choose how many approvals seal a revision; the
choice is recorded in the audit trail; nobody else may change it."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.models import AuditEvent, Organisation, Role
from tests.factories import login, make_user
from tests.http.helpers import ENGLISH, fresh, one, page


def test_an_admin_requires_two_approvals(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    csrf = login(client, admin)
    form = page(client.get("/settings", headers=ENGLISH).text)
    assert one(form, "input[name=required_approvals][value='1']").has_attr("checked")
    response = client.post(
        "/settings",
        data={"csrf_token": csrf, "required_approvals": "2"},
        headers=ENGLISH,
    )
    assert response.status_code == 200
    assert "The settings are saved." in response.text
    check = fresh(session)
    organisation = check.exec(select(Organisation)).one()
    assert organisation.required_approvals == 2
    event = check.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
    assert event is not None
    assert (event.action, event.actor_id) == ("organisation.settings_changed", admin.id)
    assert event.detail == {"required_approvals": 2, "previous": 1}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.REVIEWER])
def test_only_admins_see_or_change_the_settings(
    client: TestClient, session: Session, role: Role
) -> None:
    user = make_user(session, role)
    csrf = login(client, user)
    assert client.get("/settings", headers=ENGLISH).status_code == 403
    response = client.post(
        "/settings", data={"csrf_token": csrf, "required_approvals": "2"}, headers=ENGLISH
    )
    assert response.status_code == 403
    assert fresh(session).exec(select(Organisation)).one().required_approvals == 1


def test_an_impossible_number_of_approvals_is_refused(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    csrf = login(client, admin)
    response = client.post(
        "/settings", data={"csrf_token": csrf, "required_approvals": "3"}, headers=ENGLISH
    )
    assert response.status_code == 422
    assert "1 or 2 approvals" in response.text
    assert fresh(session).exec(select(Organisation)).one().required_approvals == 1
