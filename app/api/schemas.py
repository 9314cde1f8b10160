"""Shapes of the JSON API (what /openapi.json documents)."""

from typing import Any

from pydantic import BaseModel, Field

from app.models import RevisionState
from app.params import MAX_INT


class Health(BaseModel):
    status: str


class QuestionnaireSummary(BaseModel):
    key: str
    version: str
    title: str


class OptionOut(BaseModel):
    value: str
    label: str


class ConditionOut(BaseModel):
    """A test of an earlier answer (`question` with one of the tests), or any / all / not of
    conditions."""

    question: str | None = None
    equals: str | bool | None = None
    any_of: list[str] = Field(default_factory=list, serialization_alias="in")
    answered: bool = False
    min_selected: int | None = None
    any: list["ConditionOut"] = Field(default_factory=list)
    all: list["ConditionOut"] = Field(default_factory=list)
    not_: "ConditionOut | None" = Field(default=None, serialization_alias="not")


class ScaleOut(BaseModel):
    min: int
    max: int
    min_label: str | None = None
    max_label: str | None = None


class MatrixOut(BaseModel):
    """Each axis from the lowest level to the highest."""

    likelihood: list[OptionOut]
    severity: list[OptionOut]


class ColumnOut(BaseModel):
    key: str
    label: str
    type: str
    required: bool
    options: list[OptionOut] = Field(default_factory=list)
    matrix: MatrixOut | None = None


class QuestionOut(BaseModel):
    key: str
    type: str
    text: str
    required: bool
    guidance: str | None = None
    options: list[OptionOut] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    legal_reference: str | None = None
    urn: str | None = None
    art27: list[str] = Field(default_factory=list)
    show_if: ConditionOut | None = None
    renamed_from: list[str] = Field(default_factory=list)
    scale: ScaleOut | None = None
    matrix: MatrixOut | None = None
    # For tables and action points: the columns of each row, and how many rows at most.
    columns: list[ColumnOut] = Field(default_factory=list)
    max_rows: int | None = None


class SectionOut(BaseModel):
    key: str
    title: str
    description: str | None = None
    legal_reference: str | None = None
    show_if: ConditionOut | None = None
    questions: list[QuestionOut]


class QuestionnaireOut(QuestionnaireSummary):
    description: str | None = None
    forked_from: str | None = None
    lineage: list[str] = Field(default_factory=list)
    content_hash: str
    source: dict[str, Any]
    sections: list[SectionOut]


class AssessmentCreate(BaseModel):
    title: str = Field(max_length=200)
    questionnaire: str = Field(description="KEY@VERSION, e.g. ai-act-fria@1.0")
    description: str = Field(default="", max_length=10_000)
    lifecycle_phase: str = "idea"


class AssessmentOut(BaseModel):
    id: int
    title: str
    description: str
    lifecycle_phase: str
    questionnaire: str
    current_revision: int
    current_state: RevisionState


class AnswerOut(BaseModel):
    value: Any
    version: int
    asked: bool = Field(
        default=True,
        exclude_if=lambda asked: asked is True,
        description="Present, and false, only for an answer kept from an earlier version of the "
        "set to a question this version no longer asks: it is read-only.",
    )


class RevisionSummary(BaseModel):
    number: int
    state: RevisionState
    reason: str
    questionnaire: str
    content_hash: str | None
    parent_hash: str | None
    created_at: str
    submitted_at: str | None
    approved_at: str | None


class RevisionOut(RevisionSummary):
    current_hash: str = Field(
        description="The hash of the answers as they are now: send it when you approve or "
        "request changes, so that a revision changed meanwhile is refused"
    )
    answers: dict[str, AnswerOut]


class AnswerIn(BaseModel):
    value: Any = None
    version: int = Field(
        ge=0, le=MAX_INT, description="0 for a first answer, else the version you edited"
    )


class AnswerSaved(BaseModel):
    question_key: str
    value: Any
    version: int


class AnswerConflict(BaseModel):
    detail: str
    current: AnswerOut


class ChangeRequest(BaseModel):
    comment: str = Field(max_length=10_000)
    content_hash: str | None = Field(
        default=None, max_length=64, description="current_hash of the revision you reviewed"
    )


class Approval(BaseModel):
    content_hash: str | None = Field(
        default=None, max_length=64, description="current_hash of the revision you reviewed"
    )


class NewRevision(BaseModel):
    reason: str = Field(max_length=5_000)
    questionnaire: str | None = Field(
        default=None,
        max_length=100,
        description="KEY@VERSION of a later version or a fork of the set, to upgrade to; "
        "omit to stay on the current set",
    )


class DiffEntry(BaseModel):
    key: str
    status: str
    old: Any
    new: Any


class DiffOut(BaseModel):
    from_revision: int = Field(serialization_alias="from")
    to_revision: int = Field(serialization_alias="to")
    questions: list[DiffEntry]
