"""A questionnaire set as plain, immutable data, built from validated content."""

from collections.abc import Container, Iterator, Mapping
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
    # Rows of a table with the set's own columns (a repeatable group).
    TABLE = "table"
    # Likelihood x severity on the question's matrix.
    RISK = "risk"
    # Rows of action points with built-in columns (what, who, when, status).
    ACTIONS = "actions"


class ColumnType(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"
    RISK = "risk"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


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
class Matrix:
    """A risk matrix; each axis ordered from the lowest level to the highest."""

    likelihood: tuple[Option, ...]
    severity: tuple[Option, ...]

    def level(self, likelihood: str, severity: str) -> RiskLevel:
        """Low, medium or high from the rating's share of the matrix's top score, so a 3x3
        and a 4x4 matrix read alike: up to a quarter is low, up to half medium."""
        li = [o.value for o in self.likelihood].index(likelihood) + 1
        si = [o.value for o in self.severity].index(severity) + 1
        share = li * si / (len(self.likelihood) * len(self.severity))
        if share <= 0.25:
            return RiskLevel.LOW
        return RiskLevel.MEDIUM if share <= 0.5 else RiskLevel.HIGH

    @staticmethod
    def label(options: tuple[Option, ...], value: str, language: str) -> str:
        return next((o.label.in_(language) for o in options if o.value == value), value)


@dataclass(frozen=True)
class Column:
    key: str
    label: Localised
    type: ColumnType
    required: bool = False
    options: tuple[Option, ...] = ()
    matrix: Matrix | None = None

    def option_label(self, value: str, language: str) -> str:
        return next((o.label.in_(language) for o in self.options if o.value == value), value)


ACTION_STATUSES = ("open", "in_progress", "done")
_ACTION_STATUS_OPTIONS = (
    Option("open", Localised(nl="Open", en="Open")),
    Option("in_progress", Localised(nl="Bezig", en="In progress")),
    Option("done", Localised(nl="Afgerond", en="Done")),
)
# The columns of every action-points question.
ACTION_COLUMNS = (
    Column("action", Localised(nl="Actie", en="Action"), ColumnType.TEXT, required=True),
    Column("owner", Localised(nl="Wie", en="Owner"), ColumnType.TEXT),
    Column("due", Localised(nl="Uiterlijk", en="Due"), ColumnType.DATE),
    Column(
        "status",
        Localised(nl="Status", en="Status"),
        ColumnType.CHOICE,
        options=_ACTION_STATUS_OPTIONS,
    ),
)
DEFAULT_MAX_ROWS = 50


@dataclass(frozen=True)
class Condition:
    """`show_if`: asked only when another answer matches, or when any / all / none of
    several conditions hold."""

    question: str | None = None
    equals: str | bool | None = None
    any_of: tuple[str, ...] = ()
    answered: bool = False
    min_selected: int | None = None
    # Composite forms: exactly one of these is set, and `question` is None.
    any: tuple["Condition", ...] = ()
    all: tuple["Condition", ...] = ()
    negated: "Condition | None" = None

    def holds(self, answers: Mapping[str, Any], asked: Container[str]) -> bool:
        """A test of a question that is not asked is false, so follow-ups disappear together."""
        if self.any:
            return any(c.holds(answers, asked) for c in self.any)
        if self.all:
            return all(c.holds(answers, asked) for c in self.all)
        if self.negated is not None:
            return not self.negated.holds(answers, asked)
        assert self.question is not None
        return self.question in asked and self.holds_for(answers.get(self.question))

    def holds_for(self, value: Any) -> bool:
        if self.answered:
            return value not in (None, "", [])
        if self.min_selected is not None:
            return isinstance(value, list) and len(value) >= self.min_selected
        if self.any_of:
            chosen = value if isinstance(value, list) else [value]
            return any(option in chosen for option in self.any_of)
        if isinstance(value, list):
            return self.equals in value
        return value == self.equals and value is not None

    @property
    def questions(self) -> Iterator[str]:
        """Every question key this condition reads."""
        if self.question is not None:
            yield self.question
        for part in (*self.any, *self.all, *((self.negated,) if self.negated else ())):
            yield from part.questions


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
    columns: tuple[Column, ...] = ()
    matrix: Matrix | None = None
    max_rows: int = DEFAULT_MAX_ROWS

    @property
    def takes_answer(self) -> bool:
        return self.type != QuestionType.INFORMATIONAL

    @property
    def has_rows(self) -> bool:
        return self.type in (QuestionType.TABLE, QuestionType.ACTIONS)

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
    show_if: Condition | None = None


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
    # Ancestors as "key@version", nearest first.
    lineage: tuple[str, ...] = ()
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
    if "any" in raw:
        return Condition(any=tuple(_conditions(raw["any"])))
    if "all" in raw:
        return Condition(all=tuple(_conditions(raw["all"])))
    if "not" in raw:
        return Condition(negated=_condition(raw["not"]))
    return Condition(
        question=raw["question"],
        equals=raw.get("equals"),
        any_of=tuple(raw.get("in", ())),
        answered=bool(raw.get("answered", False)),
        min_selected=raw.get("min_selected"),
    )


def _conditions(raws: list[dict[str, Any]]) -> Iterator[Condition]:
    for raw in raws:
        condition = _condition(raw)
        assert condition is not None
        yield condition


def _options(raws: list[dict[str, Any]] | None) -> tuple[Option, ...]:
    return tuple(Option(value=o["value"], label=Localised(**o["label"])) for o in raws or ())


def _matrix(raw: dict[str, Any] | None) -> Matrix | None:
    if raw is None:
        return None
    return Matrix(likelihood=_options(raw["likelihood"]), severity=_options(raw["severity"]))


def _column(raw: dict[str, Any]) -> Column:
    return Column(
        key=raw["key"],
        label=Localised(**raw["label"]),
        type=ColumnType(raw["type"]),
        required=bool(raw.get("required", False)),
        options=_options(raw.get("options")),
        matrix=_matrix(raw.get("matrix")),
    )


def _question(raw: dict[str, Any], section_key: str) -> Question:
    return Question(
        key=raw["key"],
        section_key=section_key,
        text=Localised(**raw["text"]),
        type=QuestionType(raw["type"]),
        required=bool(raw.get("required", False)),
        guidance=Localised.parse(raw.get("guidance")),
        options=_options(raw.get("options")),
        roles=tuple(raw.get("roles", ())),
        legal_reference=raw.get("legal_reference"),
        urn=raw.get("urn"),
        art27=tuple(raw.get("art27", ())),
        show_if=_condition(raw.get("show_if")),
        renamed_from=tuple(raw.get("renamed_from", ())),
        scale=_scale(raw.get("scale")),
        columns=(
            ACTION_COLUMNS
            if raw["type"] == QuestionType.ACTIONS
            else tuple(_column(c) for c in raw.get("columns", ()))
        ),
        matrix=_matrix(raw.get("matrix")),
        max_rows=raw.get("max_rows", DEFAULT_MAX_ROWS),
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
        lineage=tuple(content.get("lineage", ())),
        review_interval_months=content.get("review_interval_months", 12),
        sections=tuple(
            Section(
                key=s["key"],
                title=Localised(**s["title"]),
                description=Localised.parse(s.get("description")),
                legal_reference=s.get("legal_reference"),
                show_if=_condition(s.get("show_if")),
                questions=tuple(_question(q, s["key"]) for q in s["questions"]),
            )
            for s in content["sections"]
        ),
    )
