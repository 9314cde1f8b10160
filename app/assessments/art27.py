"""The AI Act art. 27(1) view of any set whose questions carry art27 markers: the six elements a
deployer's fundamental-rights impact assessment must contain, each with the questions (and
answers) that serve it."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.questionnaire.model import Localised, Question, Questionnaire
from app.questionnaire.visibility import visible_keys

ELEMENTS: dict[str, Localised] = {
    "a": Localised(
        nl="De processen van de gebruiksverantwoordelijke waarin het systeem wordt gebruikt, "
        "in lijn met het beoogde doel",
        en="The deployer's processes in which the system is used in line with its intended purpose",
    ),
    "b": Localised(
        nl="De periode en frequentie van het gebruik",
        en="The period of time and frequency of use",
    ),
    "c": Localised(
        nl="De categorieën personen en groepen die waarschijnlijk worden geraakt",
        en="The categories of natural persons and groups likely to be affected",
    ),
    "d": Localised(
        nl="De specifieke risico's op schade voor die categorieën",
        en="The specific risks of harm to those categories",
    ),
    "e": Localised(
        nl="De maatregelen voor menselijk toezicht",
        en="The human oversight measures",
    ),
    "f": Localised(
        nl="De maatregelen als risico's zich voordoen, met interne governance en klachten",
        en="The measures when risks materialise, with internal governance and complaints",
    ),
}


@dataclass(frozen=True)
class Element:
    letter: str
    title: Localised
    items: list[tuple[Question, Any]]

    @property
    def answered(self) -> int:
        return sum(1 for _q, value in self.items if value not in (None, "", []))


def art27_elements(questionnaire: Questionnaire, values: Mapping[str, Any]) -> list[Element]:
    """Every element with its asked questions in questionnaire order; an element no question
    serves stays in the list, empty, so a gap in the assessment shows."""
    asked = visible_keys(questionnaire, values)
    return [
        Element(
            letter=letter,
            title=title,
            items=[
                (q, values.get(q.key))
                for q in questionnaire.questions
                if letter in q.art27 and q.key in asked and q.takes_answer
            ],
        )
        for letter, title in ELEMENTS.items()
    ]


def serves_art27(questionnaire: Questionnaire) -> bool:
    return any(q.art27 for q in questionnaire.questions)
