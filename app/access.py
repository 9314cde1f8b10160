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
    user: User
    organisation_id: int
    role: Role

    @property
    def user_id(self) -> int:
        assert self.user.id is not None
        return self.user.id

    def can(self, role: Role) -> bool:
        return Role(self.role).at_least(role)

    def require(self, role: Role) -> None:
        if not self.can(role):
            raise PermissionDenied(
                _("This needs the role %(needed)s or higher; your role is %(role)s.")
                % {"needed": role_name(role), "role": role_name(self.role)}
            )
