"""The questionnaire sets an organisation sees and owns, looked up by "key@version", and who may
change them: an organisation's admin in the app, or the operator of the installation on the
command line (who has no account here, so their changes are recorded without a person)."""

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.access import Actor
from app.errors import InvalidInput, NotFound, PermissionDenied, StateConflict
from app.i18n import _
from app.models import Organisation, QuestionnaireSet, Role, SetStatus, User
from app.questionnaire.store import builtin_keys, find_set, list_sets, parse_ref
from app.settings import get_settings

SET_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,2}$")


@dataclass(frozen=True)
class Operator:
    """Whoever runs `levend` on the server, acting for one organisation."""

    organisation_id: int


@dataclass(frozen=True)
class Maker:
    """Who changes an organisation's sets, as the records name them."""

    organisation_id: int
    user_id: int | None


def as_admin(who: Actor | Operator) -> Maker:
    """The one rule of who changes an organisation's sets: its admins (and the operator)."""
    if isinstance(who, Actor):
        who.require(Role.ADMIN)
        return Maker(who.organisation_id, who.user_id)
    return Maker(who.organisation_id, None)


def version_order(version: str) -> tuple[int, int, int]:
    """ "1.0" < "1.1" < "1.10" < "2": numbers compared as numbers, missing parts as 0."""
    parts = [int(p) for p in version.split(".") if p.isdigit()]
    major, minor, patch = [*parts, 0, 0, 0][:3]
    return major, minor, patch


def check_key(key: str) -> str:
    if not SET_KEY.match(key):
        raise InvalidInput(
            _(
                "%(key)s cannot be a key: use lower-case letters, digits and hyphens (at most "
                "63), starting with a letter or digit, for example utrecht-fria."
            )
            % {"key": repr(key)}
        )
    return key


def check_version(version: str) -> str:
    if not VERSION.match(version):
        raise InvalidInput(
            _("%(version)s cannot be a version: use numbers and dots, like 1.0 or 2.1.3.")
            % {"version": repr(version)}
        )
    return version


def visible_set(session: Session, organisation_id: int | None, ref: str) -> QuestionnaireSet:
    """The set `ref` as the organisation sees it; NotFound for another organisation's draft."""
    parsed = parse_ref(ref)
    stored = find_set(session, *parsed, organisation_id=organisation_id) if parsed else None
    if stored is None:
        raise NotFound(_("There is no questionnaire %(ref)s.") % {"ref": ref})
    return stored


def own_set(session: Session, organisation_id: int, ref: str) -> QuestionnaireSet:
    """A set of the organisation itself: the only kind it may change."""
    stored = visible_set(session, organisation_id, ref)
    if stored.organisation_id != organisation_id:
        raise PermissionDenied(
            _(
                "%(ref)s is not one of your organisation's sets, so it does not change here; "
                "fork it to make a version of your own."
            )
            % {"ref": stored.ref}
        )
    return stored


def sets_with_key(session: Session, key: str) -> list[QuestionnaireSet]:
    """Every stored version of `key`, whoever owns it, lowest version first."""
    rows = session.exec(select(QuestionnaireSet).where(QuestionnaireSet.key == key)).all()
    return sorted(rows, key=lambda row: version_order(row.version))


def visible_versions(session: Session, organisation_id: int, key: str) -> list[QuestionnaireSet]:
    """The versions of `key` the organisation sees, lowest first."""
    return [
        row
        for row in sets_with_key(session, key)
        if row.organisation_id in (None, organisation_id) or row.status == SetStatus.PUBLISHED
    ]


def own_versions(session: Session, organisation_id: int, key: str) -> list[QuestionnaireSet]:
    """The stored versions of `key`, lowest first, when the key may be the organisation's: none
    when it is free. Refused for a key of a set that ships with Levend (loaded or not), and for a
    key of another organisation, with one message whether that organisation published the key
    or only has a draft of it, so that a refusal tells nothing of another's drafts."""
    if key in builtin_keys(get_settings().questionnaire_dir):
        raise StateConflict(
            _(
                "The key %(key)s is reserved for a questionnaire that ships with Levend; "
                "choose a key of your own."
            )
            % {"key": key}
        )
    versions = sets_with_key(session, key)
    if any(row.organisation_id != organisation_id for row in versions):
        raise StateConflict(
            _(
                "The key %(key)s is already used on this installation by another organisation "
                "or a built-in set; choose a key of your own."
            )
            % {"key": key}
        )
    return versions


@dataclass(frozen=True)
class Catalogue:
    """What an organisation sees, the way its people think of it."""

    built_in: list[QuestionnaireSet]
    ours: list[QuestionnaireSet]
    shared: list[QuestionnaireSet]  # published by other organisations


def catalogue(session: Session, organisation_id: int) -> Catalogue:
    rows = list_sets(session, organisation_id=organisation_id)
    return Catalogue(
        built_in=[r for r in rows if r.organisation_id is None],
        ours=[r for r in rows if r.organisation_id == organisation_id],
        shared=[r for r in rows if r.organisation_id not in (None, organisation_id)],
    )


@dataclass(frozen=True)
class Authors:
    """Who made and published a set, as far as the organisation looking at it may know: people
    are named only in its own sets; another organisation's set names that organisation."""

    own: bool
    built_in: bool
    organisation: str  # "Levend" for the sets that ship with it
    created_by: str | None = None
    published_by: str | None = None


def authors(session: Session, organisation_id: int, stored: QuestionnaireSet) -> Authors:
    if stored.organisation_id is None:
        return Authors(own=False, built_in=True, organisation="Levend")
    owner = session.get(Organisation, stored.organisation_id)
    name = owner.name if owner else ""
    if stored.organisation_id != organisation_id:
        return Authors(own=False, built_in=False, organisation=name)
    people = {i for i in (stored.created_by, stored.published_by) if i is not None}
    found: list[User] = (
        list(session.exec(select(User).where(col(User.id).in_(people)))) if people else []
    )
    names = {user.id: user.name for user in found}
    return Authors(
        own=True,
        built_in=False,
        organisation=name,
        created_by=names.get(stored.created_by),
        published_by=names.get(stored.published_by),
    )
