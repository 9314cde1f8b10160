"""Who is acting, in which organisation, with which role; and the one check of a role."""

from dataclasses import dataclass

from app.errors import PermissionDenied
from app.i18n import _
from app.models import Role, User


def role_name(role: Role | str) -> str:
    names = {
        Role.VIEWER: _("viewer"),
        Role.EDITOR: _("editor"),
        Role.REVIEWER: _("reviewer"),
        Role.ADMIN: _("admin"),
    }
    return names[Role(role)]


@dataclass(frozen=True)
class Actor:
    """A person acting in one of their organisations, with their role there."""

    user_id: int
    name: str
    organisation_id: int
    role: Role
    # How many organisations the person belongs to: the page header offers a switch if > 1.
    memberships: int = 1

    @classmethod
    def of(cls, user: User, organisation_id: int, role: Role | str) -> "Actor":
        assert user.id is not None
        return cls(user.id, user.name, organisation_id, Role(role))

    def can(self, role: Role) -> bool:
        return Role(self.role).at_least(role)

    def require(self, role: Role) -> None:
        if not self.can(role):
            raise PermissionDenied(
                _("This needs the role %(needed)s or higher; your role is %(role)s.")
                % {"needed": role_name(role), "role": role_name(self.role)}
            )
