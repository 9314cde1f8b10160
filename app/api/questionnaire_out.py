"""A questionnaire set in the API's shape, in the caller's language."""

from app.api.schemas import (
    ColumnOut,
    ConditionOut,
    MatrixOut,
    OptionOut,
    QuestionnaireOut,
    QuestionOut,
    ScaleOut,
    SectionOut,
)
from app.i18n import current_language
from app.questionnaire.model import (
    Column,
    Condition,
    Matrix,
    Option,
    Question,
    Questionnaire,
    QuestionType,
    Section,
)


def questionnaire_out(q: Questionnaire, content_hash: str) -> QuestionnaireOut:
    lang = current_language.get()
    return QuestionnaireOut(
        key=q.key,
        version=q.version,
        title=q.title.in_(lang),
        description=q.description.in_(lang) if q.description else None,
        forked_from=q.forked_from,
        lineage=list(q.lineage),
        content_hash=content_hash,
        source=vars(q.source),
        sections=[_section(s, lang) for s in q.sections],
    )


def _section(s: Section, lang: str) -> SectionOut:
    return SectionOut(
        key=s.key,
        title=s.title.in_(lang),
        description=s.description.in_(lang) if s.description else None,
        legal_reference=s.legal_reference,
        show_if=_condition(s.show_if) if s.show_if else None,
        questions=[_question(x, lang) for x in s.questions],
    )


def _question(x: Question, lang: str) -> QuestionOut:
    scale = x.scale
    return QuestionOut(
        key=x.key,
        type=x.type,
        text=x.text.in_(lang),
        required=x.required,
        guidance=x.guidance.in_(lang) if x.guidance else None,
        options=_options(x.options, lang),
        roles=list(x.roles),
        legal_reference=x.legal_reference,
        urn=x.urn,
        art27=list(x.art27),
        show_if=_condition(x.show_if) if x.show_if else None,
        renamed_from=list(x.renamed_from),
        scale=ScaleOut(
            min=scale.minimum,
            max=scale.maximum,
            min_label=scale.min_label.in_(lang) if scale.min_label else None,
            max_label=scale.max_label.in_(lang) if scale.max_label else None,
        )
        if scale
        else None,
        matrix=_matrix(x.matrix, lang),
        columns=[_column(c, lang) for c in x.columns],
        max_rows=x.max_rows if x.type in (QuestionType.TABLE, QuestionType.ACTIONS) else None,
    )


def _options(options: tuple[Option, ...], lang: str) -> list[OptionOut]:
    return [OptionOut(value=o.value, label=o.label.in_(lang)) for o in options]


def _matrix(matrix: Matrix | None, lang: str) -> MatrixOut | None:
    if matrix is None:
        return None
    return MatrixOut(
        likelihood=_options(matrix.likelihood, lang), severity=_options(matrix.severity, lang)
    )


def _column(c: Column, lang: str) -> ColumnOut:
    return ColumnOut(
        key=c.key,
        label=c.label.in_(lang),
        type=c.type,
        required=c.required,
        options=_options(c.options, lang),
        matrix=_matrix(c.matrix, lang),
    )


def _condition(c: Condition) -> ConditionOut:
    return ConditionOut(
        question=c.question,
        equals=c.equals,
        any_of=list(c.any_of),
        answered=c.answered,
        min_selected=c.min_selected,
        any=[_condition(p) for p in c.any],
        all=[_condition(p) for p in c.all],
        not_=_condition(c.negated) if c.negated else None,
    )
