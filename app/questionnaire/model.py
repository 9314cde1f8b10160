"""A questionnaire set as plain, immutable data, built from validated content."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class QuestionType(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    YESNO = "yesno"
    DATE = "date"
    SCALE = "scale"
    # Text to read between questions; it takes no answer.
    INFORMATIONAL = "informational"


@dataclass(frozen=True)
class Scale:
    minimum: int
    maximum: int
    min_label: "Localised | None" = None
    max_label: "Localised | None" = None

    @property
    def points(self) -> range:
        return range(self.minimum, self.maximum + 1)


@dataclass(frozen=True)
class Localised:
    nl: str
    en: str

    def in_(self, language: str) -> str:
        return self.en if language == "en" else self.nl

    # Templates write text[lang]: a subscript costs Jinja far less than a method call.
    __getitem__ = in_

    @classmethod
    def parse(cls, raw: dict[str, str] | None) -> "Localised | None":
        return cls(nl=raw["nl"], en=raw["en"]) if raw else None


@dataclass(frozen=True)
class Option:
    value: str
    label: Localised


@dataclass(frozen=True)
class Condition:
    """`show_if`: the question is asked only when another answer matches."""

    question: str
    equals: str | bool | None = None
    any_of: tuple[str, ...] = ()
    answered: bool = False

    def holds_for(self, value: Any) -> bool:
        if self.answered:
            return value not in (None, "", [])
        if self.any_of:
            chosen = value if isinstance(value, list) else [value]
            return any(option in chosen for option in self.any_of)
        if isinstance(value, list):
            return self.equals in value
        return value == self.equals and value is not None


@dataclass(frozen=True)
class Question:
    key: str
    section_key: str
    text: Localised
    type: QuestionType
    required: bool = False
    guidance: Localised | None = None
    options: tuple[Option, ...] = ()
    roles: tuple[str, ...] = ()
    legal_reference: str | None = None
    urn: str | None = None
    art27: tuple[str, ...] = ()
    show_if: Condition | None = None
    renamed_from: tuple[str, ...] = ()
    scale: Scale | None = None

    @property
    def takes_answer(self) -> bool:
        return self.type != QuestionType.INFORMATIONAL

    def option_label(self, value: str, language: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label.in_(language)
        return value


@dataclass(frozen=True)
class Section:
    key: str
    title: Localised
    questions: tuple[Question, ...]
    description: Localised | None = None
    legal_reference: str | None = None


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    year: int
    url: str
    licence: str
    note: str | None = None


@dataclass(frozen=True)
class Questionnaire:
    key: str
    version: str
    title: Localised
    source: Source
    sections: tuple[Section, ...]
    description: Localised | None = None
    forked_from: str | None = None
    review_interval_months: int = 12
    by_key: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key.update({q.key: q for s in self.sections for q in s.questions})

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def _condition(raw: dict[str, Any] | None) -> Condition | None:
    if raw is None:
        return None
    return Condition(
        question=raw["question"],
        equals=raw.get("equals"),
        any_of=tuple(raw.get("in", ())),
        answered=bool(raw.get("answered", False)),
    )


def _question(raw: dict[str, Any], section_key: str) -> Question:
    return Question(
        key=raw["key"],
        section_key=section_key,
        text=Localised(**raw["text"]),
        type=QuestionType(raw["type"]),
        required=bool(raw.get("required", False)),
        guidance=Localised.parse(raw.get("guidance")),
        options=tuple(
            Option(value=o["value"], label=Localised(**o["label"])) for o in raw.get("options", ())
        ),
        roles=tuple(raw.get("roles", ())),
        legal_reference=raw.get("legal_reference"),
        urn=raw.get("urn"),
        art27=tuple(raw.get("art27", ())),
        show_if=_condition(raw.get("show_if")),
        renamed_from=tuple(raw.get("renamed_from", ())),
        scale=_scale(raw.get("scale")),
    )


def _scale(raw: dict[str, Any] | None) -> Scale | None:
    if raw is None:
        return None
    return Scale(
        minimum=raw["min"],
        maximum=raw["max"],
        min_label=Localised.parse(raw.get("min_label")),
        max_label=Localised.parse(raw.get("max_label")),
    )


def questionnaire_from_content(content: dict[str, Any]) -> Questionnaire:
    """Build the model from content that already passed validation."""
    source = content["source"]
    return Questionnaire(
        key=content["key"],
        version=content["version"],
        title=Localised(**content["title"]),
        description=Localised.parse(content.get("description")),
        source=Source(
            publisher=source["publisher"],
            title=source["title"],
            year=source["year"],
            url=source["url"],
            licence=source["licence"],
            note=source.get("note"),
        ),
        forked_from=content.get("forked_from"),
        review_interval_months=content.get("review_interval_months", 12),
        sections=tuple(
            Section(
                key=s["key"],
                title=Localised(**s["title"]),
                description=Localised.parse(s.get("description")),
                legal_reference=s.get("legal_reference"),
                questions=tuple(_question(q, s["key"]) for q in s["questions"]),
            )
            for s in content["sections"]
        ),
    )
