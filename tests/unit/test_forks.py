"""Forks, drafts, publishing and sharing of questionnaire sets, without HTTP: who sees which set,
what a fork remembers, how a draft's YAML is checked, that a published version never changes,
and that an exported set imports elsewhere with its lineage."""

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.access import Actor
from app.assessments import service
from app.errors import InvalidInput, InvalidYaml, NotFound, PermissionDenied, StateConflict
from app.models import AuditEvent, QuestionnaireSet, Role, SetStatus
from app.questionnaire import drafts, forks
from app.questionnaire.catalogue import Authors, Operator, authors, catalogue, visible_set
from app.questionnaire.drafts import draft_yaml, edit_draft, next_minor, start_new_version
from app.questionnaire.forks import fork
from app.questionnaire.lineage import lineage
from app.questionnaire.loader import load_set
from app.questionnaire.publishing import publish
from app.questionnaire.sharing import export_set, import_set
from app.questionnaire.store import builtin_keys, find_set, list_sets, questionnaire_of
from app.questionnaire.writer import set_yaml
from app.settings import PROJECT_ROOT
from tests.unit.helpers import events_of, person

FRIA = "ai-act-fria@1.0"
QUESTION_NL = "Wat is de naam van het AI-systeem en hoe duidt de aanbieder het aan?"


@pytest.fixture
def admin(session: Session, fria: QuestionnaireSet) -> Actor:
    return person(session, Role.ADMIN)


@pytest.fixture
def neighbour(session: Session, fria: QuestionnaireSet) -> Actor:
    """An admin of another municipality."""
    return person(session, Role.ADMIN, org="amersfoort")


def stored(session: Session, ref: str) -> QuestionnaireSet:
    session.expire_all()
    key, version = ref.split("@")
    return session.exec(
        select(QuestionnaireSet).where(
            QuestionnaireSet.key == key, QuestionnaireSet.version == version
        )
    ).one()


# --- forking -----------------------------------------------------------------------------------


def test_a_fork_is_a_draft_of_the_organisation_that_remembers_its_source(
    session: Session, admin: Actor, fria: QuestionnaireSet
) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    assert (row.ref, row.status, row.organisation_id) == (
        "utrecht-fria@1.0",
        SetStatus.DRAFT,
        admin.organisation_id,
    )
    assert (row.forked_from, row.created_by) == (FRIA, admin.user_id)
    forked, source = questionnaire_of(row), questionnaire_of(fria)
    assert forked.lineage == (FRIA,)
    assert forked.sections == source.sections
    [event] = [e for e in events_of(session, admin.organisation_id) if e.action.startswith("q")]
    assert (event.action, event.subject, event.detail) == (
        "questionnaire.forked",
        "utrecht-fria@1.0",
        {"from": FRIA},
    )


def test_a_fork_of_a_fork_keeps_the_whole_lineage_nearest_first(
    session: Session, admin: Actor, neighbour: Actor
) -> None:
    fork(session, admin, FRIA, "utrecht-fria")
    publish(session, admin, "utrecht-fria@1.0")
    row = fork(session, neighbour, "utrecht-fria@1.0", "amersfoort-fria", version="2.0")
    assert row.ref == "amersfoort-fria@2.0"
    assert questionnaire_of(row).lineage == ("utrecht-fria@1.0", FRIA)
    assert [(a.ref, a.here) for a in lineage(session, neighbour.organisation_id, row)] == [
        ("utrecht-fria@1.0", True),
        (FRIA, True),
    ]


def test_fork_refuses_with_a_reason(session: Session, admin: Actor, neighbour: Actor) -> None:
    with pytest.raises(NotFound, match=r"no questionnaire nope@1\.0"):
        fork(session, admin, "nope@1.0", "mine")
    with pytest.raises(InvalidInput, match="cannot be a key"):
        fork(session, admin, FRIA, "Mijn Set")
    with pytest.raises(InvalidInput, match="cannot be a version"):
        fork(session, admin, FRIA, "mine", version="v2")
    fork(session, admin, FRIA, "utrecht-fria")
    with pytest.raises(StateConflict, match="already has a set with the key utrecht-fria"):
        fork(session, admin, FRIA, "utrecht-fria", version="2.0")
    # Another organisation's draft does not exist for the neighbour.
    with pytest.raises(NotFound):
        fork(session, neighbour, "utrecht-fria@1.0", "amersfoort-fria")


def content_as(session: Session, ref: str, key: str, version: str) -> bytes:
    """The YAML file of a stored set under another key and version."""
    content = json.loads(stored(session, ref).content)
    content.update(key=key, version=version)
    return set_yaml(content).encode()


@pytest.mark.parametrize("key", ["ai-act-fria", "dpia", "pre-scan", "iama", "altai"])
def test_the_keys_that_ship_with_levend_are_reserved_even_before_they_are_loaded(
    session: Session, admin: Actor, key: str
) -> None:
    # Only ai-act-fria is stored in these tests; the others are files in questionnaires/.
    with pytest.raises(StateConflict, match=f"{key} is reserved for a questionnaire that ships"):
        fork(session, admin, FRIA, key, version="9.0")
    with pytest.raises(StateConflict, match=f"{key} is reserved for a questionnaire that ships"):
        import_set(session, admin, content_as(session, FRIA, key, "9.0"), "f.yaml")
    assert find_set(session, key, "9.0", organisation_id=admin.organisation_id) is None


def test_the_built_in_keys_are_each_files_key_read_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "1.0.yaml").write_text("# a set\nkey: 'gemeente-a'\nversion: '1.0'\n")
    (tmp_path / "b.yml").write_text("version: '1.0'\nkey: gemeente-b\n")
    (tmp_path / "broken.yaml").write_bytes(b"key: \xff\xfe [\n")
    (tmp_path / "notes.txt").write_text("key: not-a-set\n")
    assert builtin_keys(tmp_path) == {"gemeente-a", "gemeente-b"}
    (tmp_path / "c.yaml").write_text("key: gemeente-c\n")
    assert builtin_keys(tmp_path) == {"gemeente-a", "gemeente-b"}  # cached for the process
    assert {"ai-act-fria", "dpia", "pre-scan"} <= builtin_keys(PROJECT_ROOT / "questionnaires")


def test_another_organisations_key_is_refused_alike_whether_draft_or_published(
    session: Session, admin: Actor, neighbour: Actor
) -> None:
    """The refusal must not tell the neighbour that Utrecht has a draft, or what is in it."""
    row = fork(session, admin, FRIA, "utrecht-fria")
    same = export_set(session, admin.organisation_id, row.ref).text.encode()
    other = same.replace(QUESTION_NL.encode(), b"Anders?")
    newer = content_as(session, row.ref, "utrecht-fria", "2.0")

    def refusals() -> list[str]:
        messages = []
        for attempt in (
            lambda: fork(session, neighbour, FRIA, "utrecht-fria"),
            lambda: import_set(session, neighbour, same, "same.yaml"),
            lambda: import_set(session, neighbour, other, "other.yaml"),
            lambda: import_set(session, neighbour, newer, "newer.yaml"),
        ):
            with pytest.raises(StateConflict) as refused:
                attempt()
            session.rollback()
            messages.append(refused.value.message)
        return messages

    while_draft = refusals()
    assert set(while_draft) == {
        "The key utrecht-fria is already used on this installation by another organisation or "
        "a built-in set; choose a key of your own."
    }
    publish(session, admin, row.ref)
    assert refusals() == while_draft
    assert catalogue(session, neighbour.organisation_id).ours == []


def test_importing_over_an_own_set_keeps_the_specific_reasons(
    session: Session, admin: Actor
) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    text = export_set(session, admin.organisation_id, row.ref).text.encode()
    with pytest.raises(StateConflict, match=r"utrecht-fria@1\.0 is already on this .* as a draft"):
        import_set(session, admin, text, "f.yaml")
    other = text.replace(QUESTION_NL.encode(), b"Anders?")
    with pytest.raises(StateConflict, match="already on this installation with other content"):
        import_set(session, admin, other, "f.yaml")


def test_a_fork_racing_for_the_same_key_is_refused_cleanly(
    session: Session, admin: Actor, neighbour: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked, raced = forks.own_versions, []

    def meanwhile(session_: Session, organisation_id: int, key: str) -> list[QuestionnaireSet]:
        """The check finds the key free; then the neighbour's fork takes it first."""
        versions = checked(session_, organisation_id, key)
        if not raced:
            raced.append(key)
            with Session(session_.get_bind()) as other:
                fork(other, neighbour, FRIA, key)
        return versions

    monkeypatch.setattr(forks, "own_versions", meanwhile)
    with pytest.raises(StateConflict, match="The key both-fria was taken a moment ago"):
        fork(session, admin, FRIA, "both-fria")
    assert stored(session, "both-fria@1.0").organisation_id == neighbour.organisation_id
    assert [e.action for e in events_of(session, admin.organisation_id)] == []


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.REVIEWER])
def test_only_admins_fork(session: Session, fria: QuestionnaireSet, role: Role) -> None:
    with pytest.raises(PermissionDenied, match="admin"):
        fork(session, person(session, role), FRIA, "mine")
    assert find_set(session, "mine", "1.0", organisation_id=None) is None


# --- who sees what -----------------------------------------------------------------------------


def test_drafts_stay_in_their_organisation_and_published_sets_are_shared(
    session: Session, admin: Actor, neighbour: Actor
) -> None:
    fork(session, admin, FRIA, "utrecht-fria")
    ours = catalogue(session, admin.organisation_id)
    assert [r.ref for r in ours.built_in] == [FRIA]
    assert [r.ref for r in ours.ours] == ["utrecht-fria@1.0"]
    theirs = catalogue(session, neighbour.organisation_id)
    assert (theirs.ours, theirs.shared) == ([], [])
    assert (
        find_set(session, "utrecht-fria", "1.0", organisation_id=neighbour.organisation_id) is None
    )

    publish(session, admin, "utrecht-fria@1.0")
    theirs = catalogue(session, neighbour.organisation_id)
    assert [r.ref for r in theirs.shared] == ["utrecht-fria@1.0"]
    assert visible_set(session, neighbour.organisation_id, "utrecht-fria@1.0").key == (
        "utrecht-fria"
    )
    usable = list_sets(session, organisation_id=admin.organisation_id, published_only=True)
    assert [r.ref for r in usable] == [FRIA, "utrecht-fria@1.0"]


def test_an_assessment_cannot_follow_a_draft(session: Session, admin: Actor) -> None:
    fork(session, admin, FRIA, "utrecht-fria")
    editor = person(session, Role.EDITOR)
    with pytest.raises(InvalidInput, match=r"utrecht-fria@1.0 is a draft.*publishes it"):
        service.create_assessment(
            session, editor, title="Chatbot", questionnaire_ref="utrecht-fria@1.0"
        )
    publish(session, admin, "utrecht-fria@1.0")
    assessment, _revision = service.create_assessment(
        session, editor, title="Chatbot", questionnaire_ref="utrecht-fria@1.0"
    )
    assert assessment.questionnaire_key == "utrecht-fria"


# --- editing a draft ---------------------------------------------------------------------------


def test_editing_a_draft_replaces_its_content(session: Session, admin: Actor) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    before = row.content_hash
    text = draft_yaml(row).replace(QUESTION_NL, "Hoe heet het AI-systeem?")
    edited = edit_draft(session, admin, row.ref, text, based_on=before)
    assert questionnaire_of(edited).by_key["0.1"].text.nl == "Hoe heet het AI-systeem?"
    assert stored(session, row.ref).content_hash == edited.content_hash != before
    event = events_of(session, admin.organisation_id)[-1]
    assert (event.action, event.before_hash, event.after_hash) == (
        "questionnaire.edited",
        before,
        edited.content_hash,
    )


def test_every_problem_in_the_yaml_is_reported_at_its_line(session: Session, admin: Actor) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    lines = draft_yaml(row).splitlines()
    type_line = next(i for i, line in enumerate(lines) if line.strip() == "type: text")
    lines[type_line] = lines[type_line].replace("text", "essay")
    with pytest.raises(InvalidYaml) as refused:
        edit_draft(session, admin, row.ref, "\n".join(lines), based_on=row.content_hash)
    assert "1 problem" in refused.value.message
    [problem] = refused.value.lines
    assert problem.startswith(f"{type_line + 1}:")
    assert "unknown question type 'essay'" in problem

    with pytest.raises(InvalidYaml) as broken:
        edit_draft(session, admin, row.ref, "key: [unclosed\n", based_on=row.content_hash)
    assert broken.value.problems[0]["line"] == 2
    assert stored(session, row.ref).content_hash == row.content_hash


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("key: utrecht-fria", "key: other-fria", "key"),
        ("version: '1.0'", "version: '1.5'", "version"),
        ("forked_from: ai-act-fria@1.0", "forked_from: altai@1.0", "forked_from"),
        ("  - ai-act-fria@1.0", "  - altai@1.0", "lineage"),
    ],
)
def test_the_text_may_not_change_which_set_it_is(
    session: Session, admin: Actor, old: str, new: str, field: str
) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    text = draft_yaml(row)
    assert old in text
    with pytest.raises(InvalidYaml) as refused:
        edit_draft(session, admin, row.ref, text.replace(old, new, 1), based_on=row.content_hash)
    [problem] = refused.value.lines
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(field + ":"))
    assert problem.startswith(f"{line}:1: {field} must stay")


def test_a_published_version_never_changes(session: Session, admin: Actor) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    publish(session, admin, row.ref)
    text = draft_yaml(row).replace(QUESTION_NL, "Anders")
    with pytest.raises(StateConflict, match="Published versions never change; start a new"):
        edit_draft(session, admin, row.ref, text, based_on=row.content_hash)
    with pytest.raises(StateConflict, match="already published"):
        publish(session, admin, row.ref)
    # Nor do the built-in sets, or another organisation's.
    with pytest.raises(PermissionDenied, match="fork it"):
        edit_draft(session, admin, FRIA, text, based_on="x")
    assert stored(session, row.ref).content_hash == row.content_hash


def test_a_stale_editor_overwrites_nothing(session: Session, admin: Actor) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    first = draft_yaml(row).replace(QUESTION_NL, "Eerste versie?")
    second = draft_yaml(row).replace(QUESTION_NL, "Tweede versie?")
    opened = row.content_hash
    saved = edit_draft(session, admin, row.ref, first, based_on=opened)
    with pytest.raises(StateConflict, match="after you opened it"):
        edit_draft(session, admin, row.ref, second, based_on=opened)
    with pytest.raises(StateConflict, match="after you opened it"):
        publish(session, admin, row.ref, seen_hash=opened)
    assert stored(session, row.ref).content_hash == saved.content_hash
    assert stored(session, row.ref).status == SetStatus.DRAFT


def test_publishing_with_an_empty_hash_is_refused_not_unchecked(
    session: Session, admin: Actor
) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    for empty in ("", "  "):
        with pytest.raises(InvalidInput, match="did not say which content you saw"):
            publish(session, admin, row.ref, seen_hash=empty)
    assert stored(session, row.ref).status == SetStatus.DRAFT


def test_another_organisation_cannot_touch_a_draft(
    session: Session, admin: Actor, neighbour: Actor
) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    with pytest.raises(NotFound):
        edit_draft(session, neighbour, row.ref, draft_yaml(row), based_on=row.content_hash)
    with pytest.raises(NotFound):
        publish(session, neighbour, row.ref)
    with pytest.raises(NotFound):
        export_set(session, neighbour.organisation_id, row.ref)


# --- publishing and new versions ---------------------------------------------------------------


def test_publishing_records_who_and_when(session: Session, admin: Actor) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    publish(session, admin, row.ref, seen_hash=row.content_hash)
    published = stored(session, row.ref)
    assert (published.status, published.published_by) == (SetStatus.PUBLISHED, admin.user_id)
    assert published.published_at is not None
    event = events_of(session, admin.organisation_id)[-1]
    assert (event.action, event.subject, event.after_hash) == (
        "questionnaire.published",
        row.ref,
        row.content_hash,
    )


def test_a_new_version_starts_as_a_draft_copy_of_the_newest(session: Session, admin: Actor) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    publish(session, admin, row.ref)
    draft = start_new_version(session, admin, row.ref)
    assert (draft.ref, draft.status) == ("utrecht-fria@1.1", SetStatus.DRAFT)
    assert questionnaire_of(draft).lineage == (FRIA,)
    assert questionnaire_of(draft).sections == questionnaire_of(row).sections
    with pytest.raises(StateConflict, match=r"utrecht-fria@1\.1 is still a draft"):
        start_new_version(session, admin, row.ref)
    publish(session, admin, draft.ref)
    with pytest.raises(InvalidInput, match=r"above 1\.1, for example 1\.2"):
        start_new_version(session, admin, row.ref, "1.1")
    assert start_new_version(session, admin, row.ref, "2.0").ref == "utrecht-fria@2.0"
    with pytest.raises(PermissionDenied):
        start_new_version(session, admin, FRIA)
    actions = [e.action for e in events_of(session, admin.organisation_id)]
    assert actions.count("questionnaire.version_started") == 2


def test_two_admins_starting_a_version_at_once_leave_one_draft(
    session: Session, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    publish(session, admin, row.ref)
    checked, raced = drafts.sets_with_key, []

    def meanwhile(session_: Session, key: str) -> list[QuestionnaireSet]:
        """The check finds no draft; then another admin's draft 2.0 is stored first."""
        versions = checked(session_, key)
        if not raced:
            raced.append(key)
            with Session(session_.get_bind()) as other:
                start_new_version(other, admin, row.ref, "2.0")
        return versions

    monkeypatch.setattr(drafts, "sets_with_key", meanwhile)
    with pytest.raises(StateConflict, match="Someone else started a new version of utrecht-fria"):
        start_new_version(session, admin, row.ref)
    monkeypatch.undo()
    versions = [(r.version, r.status) for r in drafts.sets_with_key(session, "utrecht-fria")]
    assert versions == [("1.0", SetStatus.PUBLISHED), ("2.0", SetStatus.DRAFT)]
    actions = [e.action for e in events_of(session, admin.organisation_id)]
    assert actions.count("questionnaire.version_started") == 1


@pytest.mark.parametrize(
    ("version", "following"), [("1.0", "1.1"), ("2", "2.1"), ("1.2.3", "1.3"), ("1.9", "1.10")]
)
def test_next_minor(version: str, following: str) -> None:
    assert next_minor(version) == following


# --- export and import -------------------------------------------------------------------------


def test_export_is_readable_and_round_trips(session: Session, admin: Actor) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    exported = export_set(session, admin.organisation_id, row.ref)
    assert exported.filename == "utrecht-fria-1.0.yaml"
    fields = [line.split(":")[0] for line in exported.text.splitlines() if line[:1].isalpha()]
    assert fields == [
        "key",
        "version",
        "title",
        "description",
        "source",
        "forked_from",
        "lineage",
        "review_interval_months",
        "sections",
    ]
    assert load_set(exported.text, "x.yaml").content_hash == row.content_hash


def test_an_exported_fork_imports_elsewhere_with_its_lineage(
    session: Session, admin: Actor, elsewhere: Engine
) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    publish(session, admin, row.ref)
    exported = export_set(session, admin.organisation_id, row.ref)

    # Another installation, where neither the fork nor its parent is stored.
    with Session(elsewhere, expire_on_commit=False) as there:
        neighbour = person(there, Role.ADMIN, org="amersfoort")
        imported, created = import_set(there, neighbour, exported.text.encode(), exported.filename)
        assert created
        assert (imported.ref, imported.status, imported.organisation_id) == (
            "utrecht-fria@1.0",
            SetStatus.PUBLISHED,
            neighbour.organisation_id,
        )
        assert imported.forked_from == FRIA
        assert questionnaire_of(imported).lineage == (FRIA,)
        assert imported.content_hash == row.content_hash
        assert imported.published_by == neighbour.user_id
        [ancestor] = lineage(there, neighbour.organisation_id, imported)
        assert ancestor.stored is None  # the parent is named, though not on this installation
        event = events_of(there, neighbour.organisation_id)[-1]
        assert (event.action, event.detail["lineage"]) == ("questionnaire.imported", [FRIA])

        again, created = import_set(there, neighbour, exported.text.encode(), "again.yaml")
        assert (again.id, created) == (imported.id, False)


def test_import_refuses_other_content_under_a_stored_version(
    session: Session, admin: Actor
) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    publish(session, admin, row.ref)
    text = export_set(session, admin.organisation_id, row.ref).text.replace(QUESTION_NL, "Anders?")
    with pytest.raises(StateConflict, match="already on this installation with other content"):
        import_set(session, admin, text.encode(), "f.yaml")


def test_import_refuses_a_key_of_another_owner(
    session: Session, admin: Actor, neighbour: Actor
) -> None:
    text = export_set(session, neighbour.organisation_id, FRIA).text.replace(
        "version: '1.0'", "version: '9.0'"
    )
    with pytest.raises(StateConflict, match="ai-act-fria is reserved for a questionnaire"):
        import_set(session, neighbour, text.encode(), "fria-9.yaml")
    publish(session, admin, fork(session, admin, FRIA, "utrecht-fria").ref)
    with pytest.raises(StateConflict, match=r"utrecht-fria is already used .* another organi"):
        import_set(session, neighbour, content_as(session, FRIA, "utrecht-fria", "9.0"), "f.yaml")


def test_import_reports_problems_at_their_line(session: Session, admin: Actor) -> None:
    with pytest.raises(InvalidYaml, match="1 problem") as too_big:
        import_set(session, admin, b"#" * (2 * 1024 * 1024 + 1), "big.yaml")
    assert too_big.value.lines == ["1:1: the file is larger than 2 MB"]
    with pytest.raises(InvalidYaml) as not_text:
        import_set(session, admin, b"key: a\nversion: \xff\n", "latin.yaml")
    assert not_text.value.lines == ["2:10: the file is not UTF-8 text"]
    with pytest.raises(InvalidYaml) as not_yaml:
        import_set(session, admin, b"key: x\n  - : [\n", "bad.yaml")
    assert not_yaml.value.problems[0]["line"] == 2
    with pytest.raises(InvalidYaml) as incomplete:
        import_set(session, admin, b"key: x\nversion: '1.0'\n", "incomplete.yaml")
    assert all(line.startswith("1:1: ") for line in incomplete.value.lines)
    assert list(session.exec(select(AuditEvent))) == []


def test_lineage_marks_ancestors_that_are_not_on_this_installation(
    session: Session, admin: Actor
) -> None:
    content = json.loads(stored(session, FRIA).content)
    content.update(
        key="leiden-fria",
        version="3.0",
        forked_from="den-haag-fria@2.0",
        lineage=["den-haag-fria@2.0", FRIA],
    )
    from app.questionnaire.writer import set_yaml

    row, _created = import_set(session, admin, set_yaml(content).encode(), "leiden.yaml")
    assert [(a.ref, a.here) for a in lineage(session, admin.organisation_id, row)] == [
        ("den-haag-fria@2.0", False),
        (FRIA, True),
    ]


def test_the_operator_acts_for_an_organisation_without_an_account(
    session: Session, admin: Actor
) -> None:
    operator = Operator(admin.organisation_id)
    row = fork(session, operator, FRIA, "utrecht-fria")
    publish(session, operator, row.ref)
    assert (row.created_by, stored(session, row.ref).published_by) == (None, None)
    assert [e.actor_id for e in events_of(session, admin.organisation_id)] == [None, None]


def test_people_are_named_only_in_the_organisations_own_sets(
    session: Session, admin: Actor, neighbour: Actor
) -> None:
    row = fork(session, admin, FRIA, "utrecht-fria")
    publish(session, admin, row.ref)
    published = stored(session, row.ref)
    mine = authors(session, admin.organisation_id, published)
    assert (mine.own, mine.organisation, mine.created_by, mine.published_by) == (
        True,
        "Utrecht",
        admin.name,
        admin.name,
    )
    assert authors(session, neighbour.organisation_id, published) == Authors(
        own=False, built_in=False, organisation="Utrecht"
    )
    assert authors(session, admin.organisation_id, stored(session, FRIA)) == Authors(
        own=False, built_in=True, organisation="Levend"
    )
