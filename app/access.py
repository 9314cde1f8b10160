"""Who is acting, in which organisation, with which role; and the one check of a role."""

from dataclasses import dataclass

from app.errors import PermissionDenied
from app.models import Role, User

ROLE_ACTIONS = {
    Role.VIEWER: "view",
    Role.EDITOR: "edit assessments",
    Role.REVIEWER: "review assessments",
    Role.ADMIN: "administer this organisation",
}


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
                f"Your role ({self.role}) may not {ROLE_ACTIONS[role]}; "
                f"that needs the role {role} or higher."
            )
