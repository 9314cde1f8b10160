"""Creating an organisation (a tenant): a slug people type in URLs and commands, and a name."""

import re

from sqlmodel import Session, select

from app.errors import InvalidInput, StateConflict
from app.i18n import _
from app.models import Organisation

MAX_SLUG = 64
MAX_NAME = 200
# Lower-case letters, digits and single hyphens inside: "utrecht", "gemeente-west-betuwe".
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_slug(slug: str) -> str:
    if len(slug) > MAX_SLUG or not _SLUG.fullmatch(slug):
        raise InvalidInput(
            _(
                "%(slug)s is not a valid organisation slug: use lower-case letters, digits "
                "and hyphens (at most %(n)d characters), for example gemeente-utrecht."
            )
            % {"slug": repr(slug[:80]), "n": MAX_SLUG}
        )
    return slug


def check_organisation_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("The organisation needs a name."))
    if len(name) > MAX_NAME:
        raise InvalidInput(
            _("An organisation's name has at most %(n)d characters.") % {"n": MAX_NAME}
        )
    return name


def find_organisation(session: Session, slug: str) -> Organisation | None:
    return session.exec(select(Organisation).where(Organisation.slug == slug)).first()


def new_organisation(session: Session, *, slug: str, name: str) -> Organisation:
    """Add a new organisation to the session (flushed, not committed); an existing slug is
    refused."""
    slug = check_slug(slug)
    name = check_organisation_name(name)
    if find_organisation(session, slug) is not None:
        raise StateConflict(_("There is already an organisation %(slug)s.") % {"slug": slug})
    organisation = Organisation(slug=slug, name=name)
    session.add(organisation)
    session.flush()
    return organisation


def create_organisation(session: Session, *, slug: str, name: str) -> Organisation:
    organisation = new_organisation(session, slug=slug, name=name)
    session.commit()
    return organisation


def organisation_for_account(
    session: Session, *, slug: str, name: str | None
) -> tuple[Organisation, bool]:
    """The organisation a new account joins, made (not yet committed) when it does not exist;
    returns (organisation, created)."""
    found = find_organisation(session, check_slug(slug))
    if found is not None:
        return found, False
    fallback = slug.replace("-", " ").title()
    return new_organisation(session, slug=slug, name=name or fallback), True
