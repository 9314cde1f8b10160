"""Importers for the government's machine-readable instruments: a task-registry instrument or a
PAR assessment definition becomes a Levend questionnaire set, with a note for every item that
could not be carried over as it was."""

from app.importers.common import ImportFailed, ImportResult, Note
from app.importers.instrument import checked_set, import_instrument, render_set

__all__ = ["ImportFailed", "ImportResult", "Note", "checked_set", "import_instrument", "render_set"]
