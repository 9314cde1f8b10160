"""The questionnaire pages: the catalogue, a set with its lineage, forking, the YAML editor of a
draft, publishing, new versions, comparing, export and import; who may do what, and what another
organisation never sees."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.main import create_app
from app.models import AuditEvent, Membership, QuestionnaireSet, Role, SetStatus, User
from app.questionnaire import drafts
from app.questionnaire.drafts import start_new_version
from app.questionnaire.lineage import Ancestor
from app.questionnaire.store import questionnaire_of
from app.settings import Settings
from app.web import questionnaire_routes
from tests.conftest import TEST_SECRET
from tests.factories import actor_of, login, make_user, store_yaml
from tests.http.helpers import ENGLISH, fresh, one, page, text

FRIA = "ai-act-fria@1.0"
FORK_URL = "/questionnaires/utrecht-fria/1.0"
QUESTION_NL = "Wat is de naam van het AI-systeem en hoe duidt de aanbieder het aan?"
QUESTION_EN = "What is the name of the AI system and how does the provider identify it?"
REGISTER = Path(__file__).parents[1] / "fixtures" / "questionnaires" / "register.yaml"


def stored(session: Session, key: str, version: str = "1.0") -> QuestionnaireSet | None:
    return (
        fresh(session)
        .exec(
            select(QuestionnaireSet).where(
                QuestionnaireSet.key == key, QuestionnaireSet.version == version
            )
        )
        .first()
    )


def actions(session: Session) -> list[str]:
    events = fresh(session).exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    return [e.action for e in events]


def post(client: TestClient, url: str, csrf: str, **data: str) -> tuple[int, str]:
    """A form post as the browser makes it, following the redirect to the page it shows."""
    response = client.post(url, data={"csrf_token": csrf, **data}, headers=ENGLISH)
    return response.status_code, response.text


def editor_form(client: TestClient, url: str = FORK_URL) -> tuple[str, str]:
    """The draft's YAML and the content hash the editor is based on."""
    tree = page(client.get(url, headers=ENGLISH).text)
    form = one(tree, f"form[action='{url}/yaml']")
    return one(form, "textarea[name=text]").text, str(one(form, "[name=content_hash]")["value"])


@pytest.fixture
def admin(session: Session, fria: QuestionnaireSet) -> User:
    return make_user(session, Role.ADMIN)


@pytest.fixture
def admin_csrf(client: TestClient, admin: User) -> str:
    return login(client, admin)


def forked(client: TestClient, csrf: str, key: str = "utrecht-fria") -> None:
    status, _body = post(client, "/questionnaires/ai-act-fria/1.0/fork", csrf, new_key=key)
    assert status == 200


def test_the_catalogue_groups_what_an_organisation_sees(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    forked(client, admin_csrf)
    neighbour = make_user(session, Role.ADMIN, org="amersfoort")
    with TestClient(client.app, base_url="http://testserver") as other:
        csrf = login(other, neighbour)
        post(other, "/questionnaires/ai-act-fria/1.0/fork", csrf, new_key="amersfoort-fria")
        _yaml, based_on = editor_form(other, "/questionnaires/amersfoort-fria/1.0")
        status, _body = post(
            other, "/questionnaires/amersfoort-fria/1.0/publish", csrf, content_hash=based_on
        )
        assert status == 200
        post(other, "/questionnaires/ai-act-fria/1.0/fork", csrf, new_key="amersfoort-geheim")

    tree = page(client.get("/questionnaires", headers=ENGLISH).text)
    assert one(tree, "header a[href='/questionnaires']")["aria-current"] == "page"
    groups = {
        text(section.select_one("h2")): [text(row) for row in section.select("tbody tr")]
        for section in tree.select("main section")
    }
    assert list(groups) == ["Built into Levend", "Ours", "Shared by other organisations"]
    [built_in] = groups["Built into Levend"]
    assert FRIA in built_in and "published" in built_in
    [ours] = groups["Ours"]
    assert "utrecht-fria@1.0" in ours and "draft" in ours and f"{FRIA}" in ours
    [shared] = groups["Shared by other organisations"]
    assert "amersfoort-fria@1.0" in shared and "Amersfoort" in shared
    assert "amersfoort-geheim" not in str(tree)
    # Each group is named for what it is; only the shared one names the organisation.
    sections = {str(s["aria-labelledby"]): s for s in tree.select("main section")}
    assert list(sections) == ["group-built_in", "group-ours", "group-shared"]
    assert [text(th) for th in sections["group-shared"].select("th")][-1] == "Organisation"
    assert "Organisation" not in text(sections["group-ours"])


def test_an_organisation_without_sets_of_its_own_is_told_how_to_get_one(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    login(client, make_user(session, Role.ADMIN))
    tree = page(client.get("/questionnaires", headers=ENGLISH).text)
    assert text(one(tree, "section[aria-labelledby=group-ours] p")).startswith("None yet. Fork")
    assert text(one(tree, "section[aria-labelledby=group-shared] p")) == "None."


def test_an_admin_forks_edits_and_publishes(
    client: TestClient, session: Session, admin: User, admin_csrf: str
) -> None:
    status, body = post(
        client, "/questionnaires/ai-act-fria/1.0/fork", admin_csrf, new_key="utrecht-fria"
    )
    assert status == 200
    tree = page(body)
    assert "utrecht-fria@1.0 is your organisation's draft" in text(one(tree, "[role=status]"))
    assert "draft" in text(one(tree, "h1"))
    assert [text(li) for li in tree.select(".levend-lineage li")] == [FRIA]
    assert one(tree, ".levend-lineage a")["href"] == "/questionnaires/ai-act-fria/1.0"

    yaml, based_on = editor_form(client)
    assert yaml.startswith("key: utrecht-fria\nversion: '1.0'\n")
    status, body = post(
        client,
        f"{FORK_URL}/yaml",
        admin_csrf,
        text=yaml.replace(QUESTION_EN, "What is the AI system called?"),
        content_hash=based_on,
    )
    assert status == 200
    assert "The draft is saved." in body
    row = stored(session, "utrecht-fria")
    assert row is not None
    assert questionnaire_of(row).by_key["0.1"].text.en == "What is the AI system called?"

    status, body = post(client, f"{FORK_URL}/publish", admin_csrf, content_hash=row.content_hash)
    assert status == 200
    assert "is published" in text(one(page(body), "[role=status]"))
    row = stored(session, "utrecht-fria")
    assert row is not None
    assert (row.status, row.published_by) == (SetStatus.PUBLISHED, admin.id)
    assert page(body).select(f"form[action='{FORK_URL}/yaml']") == []
    assert actions(session)[-3:] == [
        "questionnaire.forked",
        "questionnaire.edited",
        "questionnaire.published",
    ]
    # The audit trail names the new actions in words.
    audit = client.get("/audit", headers=ENGLISH).text
    assert "Questionnaire published" in audit and "Questionnaire forked" in audit


def test_a_fork_with_a_bad_or_taken_key_says_why(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    status, body = post(
        client, "/questionnaires/ai-act-fria/1.0/fork", admin_csrf, new_key="Mijn set"
    )
    assert status == 422
    assert "cannot be a key" in text(one(page(body), ".levend-alert"))
    assert one(page(body), "#new_key")["value"] == "Mijn set"  # kept to correct
    # altai is not stored in this test, yet its key ships with Levend.
    status, body = post(client, "/questionnaires/ai-act-fria/1.0/fork", admin_csrf, new_key="altai")
    assert status == 409
    assert "The key altai is reserved for a questionnaire that ships with Levend" in text(
        one(page(body), ".levend-alert")
    )
    assert stored(session, "altai") is None
    forked(client, admin_csrf)
    status, body = post(
        client, "/questionnaires/ai-act-fria/1.0/fork", admin_csrf, new_key="utrecht-fria"
    )
    assert status == 409
    assert "Your organisation already has a set with the key utrecht-fria" in body
    status, body = post(client, "/questionnaires/nope/1.0/fork", admin_csrf, new_key="x")
    assert status == 404


def test_invalid_yaml_keeps_the_text_and_lists_every_problem_by_line(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    forked(client, admin_csrf)
    yaml, based_on = editor_form(client)
    lines = yaml.split("\n")
    wrong = next(i for i, line in enumerate(lines) if line.strip() == "type: text")
    lines[wrong] = lines[wrong].replace("text", "essay")
    lines[1] = "version: '1.1'"
    typed = "\n".join(lines)
    status, body = post(client, f"{FORK_URL}/yaml", admin_csrf, text=typed, content_hash=based_on)
    assert status == 422
    tree = page(body)
    assert "The YAML has 1 problem; nothing was saved." in text(one(tree, ".levend-alert"))
    problems = [text(li) for li in tree.select(".levend-yaml-problems__list li")]
    assert len(problems) == 1 and problems[0].startswith(f"{wrong + 1}:")
    assert "unknown question type 'essay'" in problems[0]
    textarea = one(tree, "textarea#yaml")
    assert textarea.text == typed
    assert textarea["aria-invalid"] == "true"
    assert "yaml-problems" in str(textarea["aria-describedby"])

    # With the type right, the version is still not this draft's.
    fixed = typed.replace("type: essay", "type: text")
    status, body = post(client, f"{FORK_URL}/yaml", admin_csrf, text=fixed, content_hash=based_on)
    assert status == 422
    assert [text(li) for li in page(body).select(".levend-yaml-problems__list li")] == [
        '2:1: version must stay "1.0": it says which set this is.'
    ]
    row = stored(session, "utrecht-fria")
    assert row is not None and row.content_hash == based_on


def test_a_stale_editor_is_refused_and_keeps_the_text(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    forked(client, admin_csrf)
    yaml, based_on = editor_form(client)
    first = yaml.replace(QUESTION_EN, "First wording?")
    second = yaml.replace(QUESTION_EN, "Second wording?")
    assert post(client, f"{FORK_URL}/yaml", admin_csrf, text=first, content_hash=based_on)[0] == 200
    status, body = post(client, f"{FORK_URL}/yaml", admin_csrf, text=second, content_hash=based_on)
    assert status == 409
    tree = page(body)
    assert "after you opened it" in text(one(tree, ".levend-alert"))
    assert one(tree, "textarea#yaml").text == second
    # The form still carries the old hash: saving again cannot overwrite the other save.
    assert one(tree, f"form[action='{FORK_URL}/yaml'] [name=content_hash]")["value"] == based_on
    row = stored(session, "utrecht-fria")
    assert row is not None
    assert questionnaire_of(row).by_key["0.1"].text.en == "First wording?"


def test_a_publish_that_does_not_say_what_was_seen_is_refused(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    forked(client, admin_csrf)
    for data in ({"content_hash": ""}, {}):
        status, body = post(client, f"{FORK_URL}/publish", admin_csrf, **data)
        assert status == 422
        assert "did not say which content you saw, so nothing was published" in text(
            one(page(body), ".levend-alert")
        )
    row = stored(session, "utrecht-fria")
    assert row is not None and row.status == SetStatus.DRAFT
    assert "questionnaire.published" not in actions(session)


def test_a_new_version_someone_else_just_started_is_refused_with_a_reason(
    client: TestClient,
    session: Session,
    admin: User,
    admin_csrf: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forked(client, admin_csrf)
    _yaml, based_on = editor_form(client)
    post(client, f"{FORK_URL}/publish", admin_csrf, content_hash=based_on)
    checked, raced = drafts.sets_with_key, []

    def meanwhile(session_: Session, key: str) -> list[QuestionnaireSet]:
        """The check finds no draft; then another admin's draft 2.0 is stored first."""
        versions = checked(session_, key)
        if not raced:
            raced.append(key)
            with Session(session_.get_bind()) as other:
                start_new_version(other, actor_of(other, admin), "utrecht-fria@1.0", "2.0")
        return versions

    monkeypatch.setattr(drafts, "sets_with_key", meanwhile)
    status, body = post(client, f"{FORK_URL}/versions", admin_csrf, new_version="1.1")
    assert status == 409
    assert "Someone else started a new version of utrecht-fria a moment ago" in text(
        one(page(body), ".levend-alert")
    )
    assert stored(session, "utrecht-fria", "1.1") is None
    row = stored(session, "utrecht-fria", "2.0")
    assert row is not None and row.status == SetStatus.DRAFT


def test_a_published_version_never_changes_and_a_new_version_starts(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    forked(client, admin_csrf)
    yaml, based_on = editor_form(client)
    post(client, f"{FORK_URL}/publish", admin_csrf, content_hash=based_on)
    status, body = post(
        client,
        f"{FORK_URL}/yaml",
        admin_csrf,
        text=yaml.replace(QUESTION_EN, "Changed?"),
        content_hash=based_on,
    )
    assert status == 409
    assert "Published versions never change; start a new version." in body
    status, body = post(client, f"{FORK_URL}/publish", admin_csrf, content_hash=based_on)
    assert status == 409

    tree = page(client.get(FORK_URL, headers=ENGLISH).text)
    assert one(tree, "#new_version")["value"] == "1.1"
    status, body = post(client, f"{FORK_URL}/versions", admin_csrf, new_version="1.1")
    assert status == 200
    assert "Version 1.1 is started as a draft." in body
    new = stored(session, "utrecht-fria", "1.1")
    assert new is not None and new.status == SetStatus.DRAFT
    # A new version is compared with the version before it first.
    tree = page(client.get("/questionnaires/utrecht-fria/1.1/compare", headers=ENGLISH).text)
    assert text(one(tree, "#with option[selected]")) == "utrecht-fria@1.0"
    assert "No differences." in text(one(tree, "#diff"))
    status, body = post(client, f"{FORK_URL}/versions", admin_csrf, new_version="1.2")
    assert status == 409
    assert "utrecht-fria@1.1 is still a draft" in body
    # Built-in sets change only by a new file, never here.
    tree = page(client.get("/questionnaires/ai-act-fria/1.0", headers=ENGLISH).text)
    assert tree.select("#new_version") == [] and tree.select("textarea") == []
    status, body = post(client, "/questionnaires/ai-act-fria/1.0/versions", admin_csrf)
    assert status == 403
    assert "fork it" in body


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.REVIEWER])
def test_only_admins_change_sets(
    client: TestClient, session: Session, admin: User, role: Role
) -> None:
    with TestClient(client.app, base_url="http://testserver") as admin_client:
        csrf = login(admin_client, admin)
        forked(admin_client, csrf)
        yaml, based_on = editor_form(admin_client)
    csrf = login(client, make_user(session, role))
    tree = page(client.get(FORK_URL, headers=ENGLISH).text)
    assert tree.select("form[method=post][action^='/questionnaires']") == []
    assert "Import" not in text(one(tree, "main"))
    for url, data in [
        ("/questionnaires/ai-act-fria/1.0/fork", {"new_key": "mine"}),
        (f"{FORK_URL}/yaml", {"text": yaml, "content_hash": based_on}),
        (f"{FORK_URL}/publish", {"content_hash": based_on}),
        (f"{FORK_URL}/versions", {"new_version": "2.0"}),
    ]:
        status, body = post(client, url, csrf, **data)
        assert status == 403, url
        assert "This needs the role admin or higher" in body
    assert client.get("/questionnaires/import", headers=ENGLISH).status_code == 403
    response = client.post(
        "/questionnaires/import",
        data={"csrf_token": csrf},
        files={"file": ("x.yaml", yaml.encode(), "application/yaml")},
        headers=ENGLISH,
    )
    assert response.status_code == 403
    row = stored(session, "utrecht-fria")
    assert row is not None and (row.status, row.content_hash) == (SetStatus.DRAFT, based_on)
    assert stored(session, "mine") is None
    # Reading is for everyone.
    assert client.get(f"{FORK_URL}/export", headers=ENGLISH).status_code == 200
    assert client.get(f"{FORK_URL}/compare", headers=ENGLISH).status_code == 200


def test_another_organisations_draft_does_not_exist(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    forked(client, admin_csrf)
    _yaml, based_on = editor_form(client)
    neighbour = make_user(session, Role.ADMIN, org="amersfoort")
    with TestClient(client.app, base_url="http://testserver") as other:
        csrf = login(other, neighbour)
        for url in (FORK_URL, f"{FORK_URL}/export", f"{FORK_URL}/compare"):
            response = other.get(url, headers=ENGLISH)
            assert response.status_code == 404, url
            assert "There is no questionnaire utrecht-fria@1.0." in response.text
        assert post(other, f"{FORK_URL}/publish", csrf, content_hash=based_on)[0] == 404
        assert post(other, f"{FORK_URL}/fork", csrf, new_key="stolen")[0] == 404
        assert "utrecht-fria" not in other.get("/questionnaires").text
        # Nor does importing under its key say that it is a draft, or what is in it.
        exported = client.get(f"{FORK_URL}/export").content
        response = other.post(
            "/questionnaires/import",
            data={"csrf_token": csrf},
            files={"file": ("f.yaml", exported, "application/yaml")},
            headers=ENGLISH,
        )
        assert response.status_code == 409
        refusal = text(one(page(response.text), ".levend-alert"))
        assert refusal == (
            "The key utrecht-fria is already used on this installation by another organisation "
            "or a built-in set; choose a key of your own."
        )
        # Published, it is shared: readable and forkable, not changeable.
        post(client, f"{FORK_URL}/publish", admin_csrf, content_hash=based_on)
        tree = page(other.get(FORK_URL, headers=ENGLISH).text)
        assert "Utrecht" in text(one(tree, ".levend-facts"))
        assert tree.select(f"form[action='{FORK_URL}/fork']")
        assert post(other, f"{FORK_URL}/versions", csrf)[0] == 403
    row = stored(session, "utrecht-fria")
    assert row is not None and row.content_hash == based_on
    assert stored(session, "stolen") is None


def test_compare_shows_what_the_fork_changed_word_by_word(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    forked(client, admin_csrf)
    yaml, based_on = editor_form(client)
    edited = yaml.replace(QUESTION_EN, "What is the name of the AI system and its version?")
    post(client, f"{FORK_URL}/yaml", admin_csrf, text=edited, content_hash=based_on)

    tree = page(client.get(f"{FORK_URL}/compare", headers=ENGLISH).text)
    assert text(one(tree, "#with option[selected]")) == f"{FRIA} (parent)"
    summary = text(one(tree, ".levend-diff__summary"))
    assert summary.startswith(f"{FRIA} → utrecht-fria@1.0: 1 reworded, 0 changed")
    [article] = tree.select("article")
    assert "reworded" in text(one(article, ".levend-diff__status"))
    assert [text(i) for i in article.select("ins")] == ["[added: its version ]"]
    assert "[removed: how does the provider identify it ]" in [
        text(d) for d in article.select("del")
    ]
    # Against itself: nothing changed.
    same = page(client.get(f"{FORK_URL}/compare?with=utrecht-fria@1.0", headers=ENGLISH).text)
    assert "No differences." in text(one(same, "#diff"))
    # A set with nothing to compare with says so.
    alone = client.get("/questionnaires/ai-act-fria/1.0/compare", headers=ENGLISH)
    assert alone.status_code == 200
    assert "nothing to compare" in alone.text


def test_export_then_import_elsewhere_keeps_the_lineage(
    client: TestClient, session: Session, admin_csrf: str, elsewhere: Engine
) -> None:
    forked(client, admin_csrf)
    _yaml, based_on = editor_form(client)
    post(client, f"{FORK_URL}/publish", admin_csrf, content_hash=based_on)
    exported = client.get(f"{FORK_URL}/export", headers=ENGLISH)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/yaml")
    assert 'filename="utrecht-fria-1.0.yaml"' in exported.headers["content-disposition"]
    assert "\nlineage:\n  - ai-act-fria@1.0\n" in exported.text

    # Another installation, with a database of its own where neither set is stored.
    settings = Settings(env="test", database_url="sqlite://", secret_key=TEST_SECRET)
    with (
        Session(elsewhere, expire_on_commit=False) as there,
        TestClient(create_app(settings, elsewhere), base_url="http://testserver") as other,
    ):
        neighbour = make_user(there, Role.ADMIN, org="amersfoort")
        csrf = login(other, neighbour)
        tree = page(other.get("/questionnaires/import", headers=ENGLISH).text)
        assert one(tree, "label[for=file]")
        response = other.post(
            "/questionnaires/import",
            data={"csrf_token": csrf},
            files={"file": ("utrecht-fria-1.0.yaml", exported.content, "application/yaml")},
            headers=ENGLISH,
        )
        assert response.status_code == 200
        tree = page(response.text)
        assert "utrecht-fria@1.0 is imported and published." in text(one(tree, "[role=status]"))
        # The parent is named, though this installation does not have it.
        assert next(text(li) for li in tree.select(".levend-lineage li")) == (
            f"{FRIA} (not on this installation)"
        )
        imported = stored(there, "utrecht-fria")
        assert imported is not None
        assert (imported.content_hash, imported.forked_from) == (based_on, FRIA)
        assert imported.organisation_id == there.exec(select(Membership.organisation_id)).one()

        again = other.post(
            "/questionnaires/import",
            data={"csrf_token": csrf},
            files={"file": ("copy.yaml", exported.content, "application/yaml")},
            headers=ENGLISH,
        )
        assert "already here with the same content; nothing changed" in again.text
        changed = exported.content.replace(b"What is the name", b"What is the title")
        conflict = other.post(
            "/questionnaires/import",
            data={"csrf_token": csrf},
            files={"file": ("changed.yaml", changed, "application/yaml")},
            headers=ENGLISH,
        )
        assert conflict.status_code == 409
        assert "already on this installation with other content" in conflict.text
        assert actions(there).count("questionnaire.imported") == 1


def test_import_refuses_large_and_broken_files_with_line_numbers(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    def upload(content: bytes) -> tuple[int, list[str]]:
        response = client.post(
            "/questionnaires/import",
            data={"csrf_token": admin_csrf},
            files={"file": ("f.yaml", content, "application/yaml")},
            headers=ENGLISH,
        )
        problems = [text(li) for li in page(response.text).select(".levend-yaml-problems__list li")]
        return response.status_code, problems

    assert upload(b"# " + b"x" * (2 * 1024 * 1024)) == (422, ["1:1: the file is larger than 2 MB"])
    status, problems = upload(b"key: a\nversion: [1.0\n")
    assert status == 422 and problems[0].startswith("3:1: YAML:")
    status, problems = upload(b"key: a\nversion: '1.0'\n")
    assert status == 422 and all(p.startswith("1:1: ") for p in problems) and problems
    assert fresh(session).exec(select(QuestionnaireSet)).all() == [stored(session, "ai-act-fria")]


def test_a_new_assessment_offers_only_published_sets(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    forked(client, admin_csrf)
    tree = page(client.get("/assessments/new", headers=ENGLISH).text)
    assert [o["value"] for o in tree.select("#questionnaire option")] == [FRIA]
    status, body = post(
        client, "/assessments", admin_csrf, title="Chatbot", questionnaire="utrecht-fria@1.0"
    )
    assert status == 422
    assert "utrecht-fria@1.0 is a draft" in body


def test_a_shared_set_names_its_organisation_not_its_people(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    admin = make_user(session, Role.ADMIN, name="Anna de Vries")
    csrf = login(client, admin)
    forked(client, csrf)
    _yaml, based_on = editor_form(client)
    post(client, f"{FORK_URL}/publish", csrf, content_hash=based_on)
    facts = text(one(page(client.get(FORK_URL, headers=ENGLISH).text), ".levend-facts"))
    assert "Made by Your organisation (Anna de Vries)" in facts
    assert "Published Anna de Vries, " in facts

    neighbour = make_user(session, Role.VIEWER, org="amersfoort")
    with TestClient(client.app, base_url="http://testserver") as other:
        login(other, neighbour)
        html = other.get(FORK_URL, headers=ENGLISH).text
        facts = text(one(page(html), ".levend-facts"))
        assert "Made by Shared by Utrecht" in facts
        assert "Published Utrecht, " in facts
        assert "Anna" not in html
        facts = text(one(page(other.get("/questionnaires/ai-act-fria/1.0").text), ".levend-facts"))
        assert "Gemaakt door Ingebouwd in Levend" in facts


def test_the_set_page_says_when_each_question_and_section_is_asked(
    client: TestClient, session: Session, admin_csrf: str
) -> None:
    store_yaml(session, REGISTER.read_text(encoding="utf-8"), "register.yaml")
    tree = page(client.get("/questionnaires/register/1.0", headers=ENGLISH).text)

    def meta(key: str) -> str:
        return " | ".join(text(p) for p in tree.select(f"#q-{key.replace('.', '__')} p")[1:])

    assert meta("1.2").endswith("Asked only when the answer to 1.1 is yes.")
    assert meta("1.4").endswith(
        "Asked only when any of: at least 2 chosen in 1.3; the answer to 1.1 is yes."
    )
    assert meta("1.5").endswith(
        "Asked only when all of: 1.3 is answered; (not: at least 2 chosen in 1.3)."
    )
    assert meta("2.1").startswith("risk rating · required")
    assert meta("2.2").startswith("table of rows · required")
    assert meta("2.3").startswith("action points")
    [section] = [s for s in tree.select("section.levend-set-section") if "Risks" in text(s)]
    assert "This section is asked only when the answer to 1.1 is no." in text(section)
    assert "None" not in text(one(tree, "main"))

    dutch = page(client.get("/questionnaires/register/1.0").text)
    assert "Alleen gevraagd als een van deze geldt: " in text(one(dutch, "main"))
    assert "risico-inschatting" in text(one(dutch, "main"))


def test_the_set_page_reads_the_lineage_once(
    client: TestClient, session: Session, admin_csrf: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked(client, admin_csrf)
    calls = []
    lineage = questionnaire_routes.lineage

    def counted(session_: Session, organisation_id: int, row: QuestionnaireSet) -> list[Ancestor]:
        calls.append(row.ref)
        return lineage(session_, organisation_id, row)

    monkeypatch.setattr(questionnaire_routes, "lineage", counted)
    tree = page(client.get(FORK_URL, headers=ENGLISH).text)
    assert text(one(tree, f"a[href='{FORK_URL}/compare']")) == f"Compare with its parent {FRIA}"
    assert len(calls) == 1
    client.get(f"{FORK_URL}/compare", headers=ENGLISH)
    assert len(calls) == 2
