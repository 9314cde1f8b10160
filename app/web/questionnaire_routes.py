"""Questionnaire sets: the catalogue an organisation sees, one set with its lineage, forking,
the YAML editor of a draft, publishing, new versions, comparing, export and import."""

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from app.access import Actor
from app.auth.csrf import require_csrf
from app.db import SessionDep
from app.errors import InvalidInput, InvalidYaml, StateConflict
from app.i18n import _
from app.models import Organisation, QuestionnaireSet, Role
from app.questionnaire.catalogue import authors, catalogue, visible_set, visible_versions
from app.questionnaire.compare import compare_questionnaires
from app.questionnaire.drafts import draft_yaml, edit_draft, next_minor, start_new_version
from app.questionnaire.forks import fork
from app.questionnaire.lineage import Ancestor, lineage
from app.questionnaire.loader import MAX_FILE_BYTES
from app.questionnaire.model import Questionnaire
from app.questionnaire.publishing import publish
from app.questionnaire.sharing import export_set, import_set
from app.questionnaire.store import questionnaire_of
from app.web.deps import WebActor
from app.web.htmx import redirect, render

router = APIRouter(dependencies=[Depends(require_csrf)])

BASE = "/questionnaires"
# The YAML of a set may be 2 MB; typed into a form it grows by its encoding.
MAX_REQUEST_BYTES = 3 * MAX_FILE_BYTES + 64 * 1024
NOTICE = "questionnaire_notice"

Key = Annotated[str, Path(min_length=1, max_length=64)]
Version = Annotated[str, Path(min_length=1, max_length=20)]


def _ref(key: str, version: str) -> str:
    return f"{key}@{version}"


def _url(stored: QuestionnaireSet) -> str:
    return f"{BASE}/{quote(stored.key)}/{quote(stored.version)}"


def _done(request: Request, stored: QuestionnaireSet, message: str) -> Response:
    request.session[NOTICE] = message
    return redirect(request, _url(stored))


def _refused_on(
    request: Request,
    session: Session,
    actor: Actor,
    ref: str,
    refused: InvalidInput | StateConflict,
    **page: Any,
) -> HTMLResponse:
    """A change to `ref` was refused: nothing of it stays, and its page says why."""
    session.rollback()
    stored = visible_set(session, actor.organisation_id, ref)
    return _set_page(request, session, actor, stored, refused=refused, **page)


def _set_page(
    request: Request,
    session: Session,
    actor: Actor,
    stored: QuestionnaireSet,
    *,
    typed: str | None = None,
    based_on: str | None = None,
    fork_key: str = "",
    refused: InvalidInput | StateConflict | None = None,
) -> HTMLResponse:
    """The set's page; after a refused save, with the text as typed and why it was refused."""
    own = stored.organisation_id == actor.organisation_id
    can_change = own and actor.can(Role.ADMIN)
    versions = visible_versions(session, actor.organisation_id, stored.key)
    ancestors = lineage(session, actor.organisation_id, stored)
    notice = request.session.pop(NOTICE, None)
    context: dict[str, Any] = {
        "actor": actor,
        "stored": stored,
        "questionnaire": questionnaire_of(stored),
        "lineage": ancestors,
        "authors": authors(session, actor.organisation_id, stored),
        "can_fork": actor.can(Role.ADMIN),
        "fork_key": fork_key,
        "can_edit": can_change and stored.is_draft,
        "can_start_version": can_change
        and not stored.is_draft
        and not any(v.is_draft for v in versions),
        "next_version": next_minor(versions[-1].version) if versions else "",
        "versions": versions,
        "compare_with": _default_other(stored, versions, ancestors),
        # After a refused save the form keeps the content it was based on, so that saving
        # again cannot overwrite what someone else saved meanwhile.
        "based_on": based_on,
        "yaml_text": typed if typed is not None else draft_yaml(stored) if stored.is_draft else "",
        "error": refused.message if refused else None,
        "problems": refused.lines if isinstance(refused, InvalidYaml) else [],
        "notice": notice if isinstance(notice, str) else None,
    }
    status = refused.status_code if refused else 200
    return render(request, "pages/questionnaire.html", context, status_code=status)


def _default_other(
    stored: QuestionnaireSet, versions: list[QuestionnaireSet], ancestors: list[Ancestor]
) -> QuestionnaireSet | None:
    """What a set is compared with first: the version before it, else its parent."""
    ids = [v.id for v in versions]
    place = ids.index(stored.id) if stored.id in ids else 0
    if place > 0:
        return versions[place - 1]
    return ancestors[0].stored if ancestors else None


@dataclass(frozen=True)
class _Group:
    """One group of the catalogue page; `name` (built_in, ours, shared) says how it is shown."""

    name: str
    title: str
    sets: list[tuple[QuestionnaireSet, Questionnaire]]


@router.get(BASE, response_class=HTMLResponse)
def questionnaires(request: Request, session: SessionDep, actor: WebActor) -> HTMLResponse:
    found = catalogue(session, actor.organisation_id)
    sharing = {s.organisation_id for s in found.shared}
    owners = {
        o.id: o.name
        for o in session.exec(select(Organisation).where(col(Organisation.id).in_(sharing)))
    }
    groups = [
        _Group(name, title, [(s, questionnaire_of(s)) for s in sets])
        for name, title, sets in (
            ("built_in", _("Built into Levend"), found.built_in),
            ("ours", _("Ours"), found.ours),
            ("shared", _("Shared by other organisations"), found.shared),
        )
    ]
    return render(
        request,
        "pages/questionnaires.html",
        {"actor": actor, "groups": groups, "owners": owners},
    )


def _import_page(
    request: Request, actor: Actor, refused: InvalidInput | StateConflict | None = None
) -> HTMLResponse:
    context = {
        "actor": actor,
        "error": refused.message if refused else None,
        "problems": refused.lines if isinstance(refused, InvalidYaml) else [],
    }
    status = refused.status_code if refused else 200
    return render(request, "pages/questionnaire_import.html", context, status_code=status)


@router.get(BASE + "/import", response_class=HTMLResponse)
def import_page(request: Request, actor: WebActor) -> HTMLResponse:
    actor.require(Role.ADMIN)
    return _import_page(request, actor)


@router.post(BASE + "/import", response_model=None)
def import_file(
    request: Request,
    session: SessionDep,
    actor: WebActor,
    file: Annotated[UploadFile, File()],
) -> Response:
    actor.require(Role.ADMIN)
    # One byte more than a set may be, so that a larger file is refused as too large.
    data = file.file.read(MAX_FILE_BYTES + 1)
    try:
        stored, created = import_set(session, actor, data, file.filename or "upload.yaml")
    except (InvalidInput, StateConflict) as refused:
        session.rollback()
        return _import_page(request, actor, refused)
    message = (
        _("%(ref)s is imported and published.")
        if created
        else _("%(ref)s was already here with the same content; nothing changed.")
    )
    return _done(request, stored, message % {"ref": stored.ref})


@router.get(BASE + "/{key}/{version}", response_class=HTMLResponse)
def questionnaire_page(
    request: Request, key: Key, version: Version, session: SessionDep, actor: WebActor
) -> HTMLResponse:
    stored = visible_set(session, actor.organisation_id, _ref(key, version))
    return _set_page(request, session, actor, stored)


@router.get(BASE + "/{key}/{version}/export")
def export(key: Key, version: Version, session: SessionDep, actor: WebActor) -> Response:
    exported = export_set(session, actor.organisation_id, _ref(key, version))
    return Response(
        exported.text,
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )


@router.post(BASE + "/{key}/{version}/fork", response_model=None)
def fork_set(
    request: Request,
    key: Key,
    version: Version,
    session: SessionDep,
    actor: WebActor,
    new_key: Annotated[str, Form(max_length=200)],
) -> Response:
    try:
        stored = fork(session, actor, _ref(key, version), new_key)
    except (InvalidInput, StateConflict) as refused:
        return _refused_on(request, session, actor, _ref(key, version), refused, fork_key=new_key)
    return _done(
        request,
        stored,
        _("%(ref)s is your organisation's draft: edit it below, then publish it.")
        % {"ref": stored.ref},
    )


@router.post(BASE + "/{key}/{version}/yaml", response_model=None)
def save_yaml(
    request: Request,
    key: Key,
    version: Version,
    session: SessionDep,
    actor: WebActor,
    text: Annotated[str, Form()],
    content_hash: Annotated[str, Form(max_length=64)],
) -> Response:
    ref = _ref(key, version)
    try:
        stored = edit_draft(session, actor, ref, text, based_on=content_hash)
    except (InvalidInput, StateConflict) as refused:
        return _refused_on(request, session, actor, ref, refused, typed=text, based_on=content_hash)
    return _done(request, stored, _("The draft is saved."))


@router.post(BASE + "/{key}/{version}/publish", response_model=None)
def publish_set(
    request: Request,
    key: Key,
    version: Version,
    session: SessionDep,
    actor: WebActor,
    content_hash: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    ref = _ref(key, version)
    try:
        stored = publish(session, actor, ref, seen_hash=content_hash)
    except (InvalidInput, StateConflict) as refused:
        return _refused_on(request, session, actor, ref, refused)
    return _done(
        request,
        stored,
        _("%(ref)s is published: it never changes again, and assessments can follow it.")
        % {"ref": stored.ref},
    )


@router.post(BASE + "/{key}/{version}/versions", response_model=None)
def new_version(
    request: Request,
    key: Key,
    version: Version,
    session: SessionDep,
    actor: WebActor,
    new_version: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    ref = _ref(key, version)
    try:
        stored = start_new_version(session, actor, ref, new_version or None)
    except (InvalidInput, StateConflict) as refused:
        return _refused_on(request, session, actor, ref, refused)
    return _done(
        request,
        stored,
        _("Version %(version)s is started as a draft.") % {"version": stored.version},
    )


@router.get(BASE + "/{key}/{version}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    key: Key,
    version: Version,
    session: SessionDep,
    actor: WebActor,
    with_: Annotated[str | None, Query(alias="with", max_length=100)] = None,
) -> HTMLResponse:
    """This set (the new side) against its parent, or any other set it can be compared with."""
    stored = visible_set(session, actor.organisation_id, _ref(key, version))
    versions = visible_versions(session, actor.organisation_id, stored.key)
    ancestors = lineage(session, actor.organisation_id, stored)
    choices = _choices(stored, versions, ancestors)
    if with_:
        other: QuestionnaireSet | None = visible_set(session, actor.organisation_id, with_)
    else:
        other = _default_other(stored, versions, ancestors)
    comparison = (
        compare_questionnaires(questionnaire_of(other), questionnaire_of(stored))
        if other is not None
        else None
    )
    return render(
        request,
        "pages/questionnaire_compare.html",
        {
            "actor": actor,
            "stored": stored,
            "other": other,
            "choices": choices,
            "comparison": comparison,
            "old": questionnaire_of(other) if other is not None else None,
            "new": questionnaire_of(stored),
        },
    )


def _choices(
    stored: QuestionnaireSet, versions: list[QuestionnaireSet], ancestors: list[Ancestor]
) -> list[QuestionnaireSet]:
    """What a set can be compared with: its ancestors that are here, and its other versions."""
    found = [a.stored for a in ancestors if a.stored]
    found += [v for v in versions if v.id != stored.id]
    return list({s.id: s for s in found}.values())
