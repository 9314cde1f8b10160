"""A revision as one Markdown document: what an IAMA used to be as a PDF, but produced from the
living record and stamped with its state and content hash."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.export.answers import answer_text, plain_text
from app.i18n import gettext as _
from app.questionnaire.model import Questionnaire
from app.questionnaire.visibility import visible_keys


@dataclass(frozen=True)
class RevisionFacts:
    assessment_title: str
    description: str
    number: int
    state: str
    reason: str
    content_hash: str | None
    approved: str | None  # "name, moment" when approved


def _fact(label: str, value: object) -> str:
    # Labels are translated outside f-strings: the message extractor does not look inside them.
    return f"- {label}: {value}"


def revision_markdown(
    questionnaire: Questionnaire,
    values: Mapping[str, Any],
    facts: RevisionFacts,
    language: str,
) -> str:
    asked = visible_keys(questionnaire, values)
    out = [f"# {facts.assessment_title}", ""]
    if facts.description:
        out += [facts.description, ""]
    out += [
        _fact(_("Questionnaire"), f"{questionnaire.title.in_(language)} ({questionnaire.ref})"),
        _fact(_("Revision"), f"{facts.number} ({facts.state})"),
    ]
    if facts.reason:
        out.append(_fact(_("Reason"), facts.reason))
    if facts.approved:
        out.append(_fact(_("Approved"), facts.approved))
    if facts.content_hash:
        out.append(_fact(_("Content hash"), f"`{facts.content_hash}`"))
    out.append("")
    for section in questionnaire.sections:
        questions = [q for q in section.questions if q.takes_answer and q.key in asked]
        if not questions:
            continue
        out += [f"## {section.key}. {section.title.in_(language)}", ""]
        for question in questions:
            out += [f"### {question.key} {question.text.in_(language)}", ""]
            out += [answer_text(question, values.get(question.key), language), ""]
    dropped = [key for key in values if key not in questionnaire.by_key]
    if dropped:
        out += ["## " + _("No longer asked"), ""]
        for key in dropped:
            out += [f"### {key}", "", plain_text(values[key]), ""]
    return "\n".join(out).rstrip() + "\n"
