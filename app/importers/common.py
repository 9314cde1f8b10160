"""What every importer produces (a Levend set's content and the notes on what could not be
carried over) and the small naming rules they share: keys, slugs, texts in both languages."""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# The languages a Levend set is written in; each text needs both.
LANGUAGES = ("nl", "en")
QUESTION_KEY_LENGTH = 40
COLUMN_KEY_LENGTH = 40
SET_KEY_LENGTH = 63
VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,2}$")
SET_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


TOP_LEVEL = "(top level)"


class ImportFailed(Exception):
    """The file cannot be imported at all: unreadable, not YAML/JSON, or not a known format."""


@dataclass(frozen=True)
class Note:
    """One thing about one item of the imported file that Levend could not carry over as it was."""

    item: str  # the item's id or urn in the imported file, or "(top level)"
    message: str

    def __str__(self) -> str:
        return f"{self.item}: {self.message}"


@dataclass
class ImportResult:
    format: str  # what the file was, in words: "task-registry instrument", ...
    source_name: str  # the imported file's name
    content: dict[str, Any]
    notes: list[Note] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.content['key']}@{self.content['version']}"

    @property
    def sections(self) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = self.content["sections"]
        return sections

    @property
    def questions(self) -> list[dict[str, Any]]:
        return [q for s in self.sections for q in s["questions"]]


class Notes:
    """Collects the notes of one import, in the order of the file."""

    def __init__(self) -> None:
        self.notes: list[Note] = []

    def add(self, item: str, message: str) -> None:
        self.notes.append(Note(item, message))

    def in_order(self) -> list[Note]:
        """The notes on the file as a whole first, then those on its items."""
        return sorted(self.notes, key=lambda note: note.item != TOP_LEVEL)


def slugify(text: str, max_length: int = SET_KEY_LENGTH) -> str:
    """Lower-case ASCII letters and digits joined by hyphens: "Jurist (AVG)" → "jurist-avg"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def unique(candidate: str, used: set[str], max_length: int, separator: str = "-") -> str:
    """`candidate`, or it with "-2", "-3"... when taken; remembered as taken."""
    value, number = candidate, 2
    while value in used:
        suffix = f"{separator}{number}"
        value = candidate[: max_length - len(suffix)] + suffix
        number += 1
    used.add(value)
    return value


_NOT_IN_KEY = re.compile(r"[^0-9A-Za-z._-]+")


class Keys:
    """Question keys: valid for Levend (letters, digits, ".", "_", "-"; at most 40 characters,
    starting with a letter or digit) and unique within the set."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, raw: str, fallback: str) -> str:
        key = _NOT_IN_KEY.sub("-", raw.strip())
        key = re.sub(r"^[^0-9A-Za-z]+", "", key)[:QUESTION_KEY_LENGTH]
        return unique(key or fallback, self.used, QUESTION_KEY_LENGTH)


def column_slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by "_": "3.1.Bron (vrij)" → "3_1_bron_vrij"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return slug[:COLUMN_KEY_LENGTH].rstrip("_")


class ColumnKeys:
    """Column keys of one table question: lower-case letters, digits and "_", at most 40
    characters, starting with a letter or digit, unique within the question."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, raw: str, fallback: str) -> str:
        return unique(column_slug(raw) or fallback, self.used, COLUMN_KEY_LENGTH, "_")


class OptionValues:
    """Option values of one question: slugs, unique within the question."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, raw: str) -> str:
        return unique(slugify(raw, 60) or "option", self.used, 60)


@dataclass(frozen=True)
class Wording:
    """Texts of an instrument written in one language. Levend needs Dutch and English: the
    language the instrument is written in gets the text, the other gets the same text marked
    with the original language ("[nl] ...") until someone translates it."""

    original: str  # "nl", "en", or another two-letter code

    def __call__(self, text: str) -> dict[str, str]:
        return {
            language: text if language == self.original else f"[{self.original}] {text}"
            for language in LANGUAGES
        }

    @property
    def untranslated(self) -> list[str]:
        return [language for language in LANGUAGES if language != self.original]


def both(nl: str, en: str) -> dict[str, str]:
    """A text Levend itself writes, in both languages."""
    return {"nl": nl, "en": en}


def join_texts(*texts: dict[str, str] | None) -> dict[str, str] | None:
    """Texts in both languages, each language's parts as paragraphs of one text."""
    present = [t for t in texts if t]
    if not present:
        return None
    return {language: "\n\n".join(t[language] for t in present) for language in LANGUAGES}


def text_of(value: Any) -> str:
    """A scalar from the file as text: numbers and booleans as they are written in YAML."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()
