"""Fixtures for the domain tests: messages in English (the source language; a few tests switch
to Dutch on purpose), the small questionnaire stored, and the people who use it."""

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from app.i18n import current_language
from app.models import QuestionnaireSet
from tests.unit.helpers import People, people, store_small


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    token = current_language.set("en")
    yield
    current_language.reset(token)


@pytest.fixture
def small(session: Session) -> QuestionnaireSet:
    return store_small(session)


@pytest.fixture
def who(session: Session, small: QuestionnaireSet) -> People:
    return people(session)
