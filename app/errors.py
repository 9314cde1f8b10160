"""Domain errors. Routes turn them into 4xx responses with the message as it stands."""

from typing import Any


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = 404


class PermissionDenied(DomainError):
    status_code = 403


class StateConflict(DomainError):
    """The action does not fit the object's state (sealed, not a draft, already open...)."""

    status_code = 409


class InvalidInput(DomainError):
    status_code = 422

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class InvalidYaml(InvalidInput):
    """A questionnaire set's YAML (typed in the editor, or a file) with problems, each at a
    line and a column of that text; nothing of it was stored."""

    def __init__(self, message: str, problems: list[dict[str, Any]]) -> None:
        super().__init__(message, problems)

    @property
    def lines(self) -> list[str]:
        """Each problem as `line:column: message`."""
        return [f"{p['line']}:{p['column']}: {p['message']}" for p in self.problems]
