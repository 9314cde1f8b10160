"""Instruments of the government's task registry (MinBZK/task-registry, schema_instruments.json)
as Levend sets: each task a question, each topic label a section, in the order of the file."""

import datetime as dt
import re
from typing import Any

from app.importers.common import (
    TOP_LEVEL,
    VERSION,
    ImportFailed,
    ImportResult,
    Keys,
    Notes,
    Wording,
    both,
    join_texts,
    slugify,
    text_of,
)

FORMAT = "task-registry instrument"
REGISTRY_URL = "https://github.com/MinBZK/task-registry"
SCHEMA_VERSION = "1.1.0"
# Instrument urn: urn:nl:aivt:tr:<instrument>:<version>; a task's urn adds :<task>.
INSTRUMENT_URN = re.compile(r"^urn:nl:aivt:tr:(?P<name>[a-z]+):(?P<version>[0-9]+(\.[0-9]+){0,2})")

# Task types and the Levend question type each maps onto. A task has a list of types; the first
# that takes a written answer wins, then the first that takes a yes or no.
TEXT_TYPES = ("open_question", "sign_task", "upload_document")
YESNO_TYPES = ("statement", "closed_question", "requirement", "measure")
NOT_CARRIED = {
    "upload_document": "Levend has no file uploads: name or link the document in the answer",
    "sign_task": "Levend has no signatures: imported as a text question for the name, function, "
    "place and date; the signature and expiration_date are not carried (use the review in "
    "Levend for the sign-off)",
}
LIFECYCLE = {
    "Probleemanalyse": "Problem analysis",
    "Ontwerp": "Design",
    "Dataverkenning en datapreparatie": "Data exploration and preparation",
    "Ontwikkelen": "Development",
    "Verificatie en validatie": "Verification and validation",
    "Implementatie": "Implementation",
    "Monitoring en beheer": "Monitoring and management",
    "Uitfaseren": "Phasing out",
}
KNOWN_TASK_FIELDS = frozenset(
    {
        "question", "urn", "labels", "type", "suggested_roles", "lifecycle", "links",
        "required_status", "depends_on", "signature", "expiration_date", "template",
        "description",
    }
)  # fmt: skip
OTHER_TOPICS = both("Overige vragen", "Other questions")


def looks_like(data: Any) -> bool:
    """A task-registry instrument: a urn, and tasks that have a question (or none yet, when
    the urn is a task-registry urn)."""
    urn = data.get("urn") if isinstance(data, dict) else None
    if not isinstance(urn, str):
        return False
    tasks = data.get("tasks")
    if tasks is None or tasks == []:
        return urn.startswith("urn:nl:aivt:tr:")
    return isinstance(tasks, list) and any(isinstance(t, dict) and "question" in t for t in tasks)


def convert(data: dict[str, Any], *, source_name: str) -> ImportResult:
    return _Instrument(data, source_name).result()


class _Instrument:
    def __init__(self, data: dict[str, Any], source_name: str) -> None:
        self.data = data
        self.source_name = source_name
        self.notes = Notes()
        self.urn = text_of(data.get("urn"))
        language = text_of(data.get("language")).lower()[:2]
        if not re.fullmatch("[a-z]{2}", language):
            self.notes.add(TOP_LEVEL, "no language given: the texts are taken as Dutch")
            language = "nl"
        self.wording = Wording(language)
        self.keys = Keys()

    def result(self) -> ImportResult:
        tasks = [t for t in self.data.get("tasks") or [] if isinstance(t, dict)]
        skipped = len(self.data.get("tasks") or []) - len(tasks)
        if skipped:
            self.notes.add(TOP_LEVEL, f"{skipped} task(s) that are not mappings were skipped")
        keys = [self._key(task, index) for index, task in enumerate(tasks)]
        by_urn = {text_of(t.get("urn")): key for t, key in zip(tasks, keys, strict=True)}
        sections: dict[str, dict[str, Any]] = {}
        for task, key in zip(tasks, keys, strict=True):
            topic = self._topic(task)
            section = sections.get(topic)
            if section is None:
                title = self.wording(topic) if topic else OTHER_TOPICS
                section = {"key": str(len(sections) + 1), "title": title, "questions": []}
                sections[topic] = section
            section["questions"].append(self._question(task, key, by_urn))
        if not sections:
            raise ImportFailed("the instrument has no tasks: there is nothing to import")
        self._top_level_notes()
        content: dict[str, Any] = {
            "key": self._set_key(),
            "version": self._version(),
            "title": self.wording(text_of(self.data.get("name")) or self.urn),
        }
        description = text_of(self.data.get("description"))
        if description:
            content["description"] = self.wording(description)
        content["source"] = self._source()
        content["sections"] = list(sections.values())
        return ImportResult(FORMAT, self.source_name, content, self.notes.in_order())

    # --- the set -------------------------------------------------------------------------------

    def _set_key(self) -> str:
        match = INSTRUMENT_URN.match(self.urn)
        name = match["name"] if match else slugify(text_of(self.data.get("name")), 40)
        return f"tr-{name}" if name else "tr-instrument"

    def _version(self) -> str:
        match = INSTRUMENT_URN.match(self.urn)
        if match and VERSION.match(match["version"]):
            return match["version"]
        self.notes.add(TOP_LEVEL, f"no version in the urn {self.urn!r}: imported as 1.0")
        return "1.0"

    def _source(self) -> dict[str, Any]:
        owners = [o for o in self.data.get("owners") or [] if isinstance(o, dict)]
        organisations = list(dict.fromkeys(text_of(o.get("organization")) for o in owners))
        publisher = ", ".join(o for o in organisations if o)
        if not publisher:
            publisher = "unknown"
            self.notes.add(TOP_LEVEL, "no owner organisation: the publisher is 'unknown'")
        url = text_of(self.data.get("url"))
        if not re.match(r"^https?://", url):
            self.notes.add(TOP_LEVEL, "no web address (url): the task registry's is used")
            url = REGISTRY_URL
        year = _year(self.data.get("date"))
        if year is None:
            year = dt.date.today().year
            self.notes.add(TOP_LEVEL, f"no date: the year of the import ({year}) is used")
        return {
            "publisher": publisher,
            "title": text_of(self.data.get("name")) or self.urn,
            "year": year,
            "url": url,
            "licence": "EUPL-1.2",
            "note": (
                f"Imported with `levend questionnaire import` from the task-registry instrument "
                f"{self.urn} ({self.source_name}): the official wording, not Levend's own. The "
                "licence is the task registry's (EUPL-1.2); check it for this instrument."
            ),
        }

    def _top_level_notes(self) -> None:
        schema_version = text_of(self.data.get("schema_version"))
        if schema_version and schema_version != SCHEMA_VERSION:
            self.notes.add(
                TOP_LEVEL,
                f"schema_version {schema_version}: this importer knows {SCHEMA_VERSION}; "
                "check the result",
            )
        untranslated = " and ".join(self.wording.untranslated)
        self.notes.add(
            TOP_LEVEL,
            f"the instrument is in {self.wording.original!r}: the {untranslated} texts are "
            f"copies marked '[{self.wording.original}] ' and need translating",
        )

    # --- a task --------------------------------------------------------------------------------

    def _key(self, task: dict[str, Any], index: int) -> str:
        urn = text_of(task.get("urn"))
        last = urn.rsplit(":", 1)[-1]
        taken = last in self.keys.used
        key = self.keys.make(last, f"q{index + 1}")
        if not urn:
            self.notes.add(f"task {index + 1}", f"has no urn: imported with key {key!r}")
        elif key != last:
            why = "occurs more than once" if taken else "is not usable as a Levend key"
            self.notes.add(urn, f"its number {last!r} {why}: imported as {key!r}")
        return key

    def _topic(self, task: dict[str, Any]) -> str:
        labels = [x for x in task.get("labels") or [] if isinstance(x, dict)]
        topics = [text_of(x.get("value")) for x in labels if x.get("key") == "topic"]
        topics = [t for t in topics if t]
        item = self._item(task)
        if len(topics) > 1:
            self.notes.add(
                item,
                f"has several topics: placed under the first, {topics[0]!r}; "
                f"not carried: {', '.join(map(repr, topics[1:]))}",
            )
        others = [f"{x.get('key')}={x.get('value')}" for x in labels if x.get("key") != "topic"]
        if others:
            self.notes.add(item, f"labels not carried: {', '.join(others)}")
        return topics[0] if topics else ""

    def _item(self, task: dict[str, Any]) -> str:
        return text_of(task.get("urn")) or "task without urn"

    def _question(self, task: dict[str, Any], key: str, by_urn: dict[str, str]) -> dict[str, Any]:
        item = self._item(task)
        text = text_of(task.get("question"))
        if not text:
            text = item
            self.notes.add(item, "has no question text: its urn is used as the text")
        question: dict[str, Any] = {"key": key, "text": self.wording(text)}
        guidance = self._guidance(task, by_urn)
        if guidance:
            question["guidance"] = guidance
        question["type"] = self._type(task, item)
        if task.get("required_status") is True:
            question["required"] = True
        roles = [slugify(text_of(r)) for r in task.get("suggested_roles") or []]
        roles = list(dict.fromkeys(r for r in roles if r))
        if roles:
            question["roles"] = roles
        if text_of(task.get("urn")).startswith("urn:"):
            question["urn"] = text_of(task.get("urn"))
        unknown = sorted(set(task) - KNOWN_TASK_FIELDS)
        if unknown:
            self.notes.add(item, f"fields not carried: {', '.join(unknown)}")
        return question

    def _type(self, task: dict[str, Any], item: str) -> str:
        raw = task.get("type")
        types = [text_of(t) for t in (raw if isinstance(raw, list) else [raw]) if t]
        for kind in types:
            if kind in NOT_CARRIED:
                self.notes.add(item, f"{kind}: {NOT_CARRIED[kind]}")
        unknown = [t for t in types if t not in TEXT_TYPES + YESNO_TYPES]
        if unknown:
            self.notes.add(
                item, f"unknown type {', '.join(map(repr, unknown))}: imported as a text question"
            )
        if not types:
            self.notes.add(item, "has no type: imported as a text question")
        if any(t == "open_question" for t in types):
            return "text"
        if any(t in YESNO_TYPES for t in types):
            return "yesno"
        return "text"

    def _guidance(self, task: dict[str, Any], by_urn: dict[str, str]) -> dict[str, str] | None:
        """What the task says beyond its question: description, lifecycle phases, links and the
        tasks it depends on, written out so that nothing of it is lost."""
        description = text_of(task.get("description"))
        phases = [text_of(p) for p in task.get("lifecycle") or [] if text_of(p)]
        lifecycle = None
        if phases:
            lifecycle = both(
                f"Fase in de levenscyclus: {', '.join(phases)}.",
                f"Lifecycle phase: {', '.join(LIFECYCLE.get(p, p) for p in phases)}.",
            )
        links = [x for x in task.get("links") or [] if isinstance(x, dict)]
        see_also = None
        if links:
            see_also = both(
                f"Zie ook: {'; '.join(_link(x, by_urn, 'nl') for x in links)}.",
                f"See also: {'; '.join(_link(x, by_urn, 'en') for x in links)}.",
            )
        depends = [x for x in task.get("depends_on") or [] if isinstance(x, dict)]
        first = None
        if depends:
            first = both(
                f"Rond eerst af: {'; '.join(_link(x, by_urn, 'nl') for x in depends)}.",
                f"Complete first: {'; '.join(_link(x, by_urn, 'en') for x in depends)}.",
            )
        return join_texts(
            self.wording(description) if description else None, lifecycle, see_also, first
        )


def _link(link: dict[str, Any], by_urn: dict[str, str], language: str) -> str:
    """One link of a task as text: another task (of this or another instrument), a web page,
    or a field of the system card."""
    words = {
        "nl": {"question": "vraag", "card": "systeemkaart", "version": "versie"},
        "en": {"question": "question", "card": "system card", "version": "version"},
    }[language]
    parts = []
    text, url, urn = (text_of(link.get(f)) for f in ("text", "url", "urn"))
    if text:
        parts.append(text)
    if urn:
        key = by_urn.get(urn)
        parts.append(f"{words['question']} {key} ({urn})" if key else urn)
    if url:
        parts.append(url)
    path = text_of(link.get("systemcard_path"))
    if path:
        version = text_of(link.get("version"))
        suffix = f" ({words['version']} {version})" if version else ""
        parts.append(f"{words['card']} {path}{suffix}")
    return " ".join(parts) or "?"


def _year(value: Any) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    match = re.search(r"\b(19[9][0-9]|20[0-9]{2})\b", text_of(value))
    return int(match[1]) if match else None
