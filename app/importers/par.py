"""PAR assessment definitions (MinBZK/par-dpia-form, assessment-definition.v2.schema.json: the
format of the government's IAMA 2.0, DPIA and pre-scan forms) as Levend sets.

Top-level task groups become sections; a deeper group becomes an informational item (its title
and description) followed by its items, flattened into the section. Every question keeps its
official id as its key, so the numbering stays the one people know."""

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from app.importers.common import (
    TOP_LEVEL,
    VERSION,
    ImportFailed,
    ImportResult,
    Keys,
    Notes,
    OptionValues,
    Wording,
    both,
    join_texts,
    slugify,
    text_of,
)
from app.importers.plain_text import html_to_text

FORMAT = "PAR assessment definition"
PAR_URL = "https://github.com/MinBZK/par-dpia-form"
MAX_DEPTH = 50

# PAR task types and the Levend question type each becomes. `multiselect_option` is not in the
# schema's list but the government's own IAMA 2.0 definition uses it.
ANSWER_TYPES = {
    "open_text": "text",
    "text_input": "text",
    "radio_option": "choice",
    "select_option": "choice",
    "multiselect_scrollable": "multichoice",
    "multiselect_option": "multichoice",
    "checkbox_option": "multichoice",
    "date": "date",
}
TEXT_TYPES = frozenset({"task_group", "informational"})
KNOWN_FIELDS = frozenset(
    {
        "task", "description", "category", "id", "is_official_id", "type", "options", "valueType",
        "defaultValue", "instance_label_template", "item_name", "references", "dependencies",
        "calculation", "sources", "required_status", "repeatable", "tasks",
    }
)  # fmt: skip
KNOWN_TOP_FIELDS = frozenset({"name", "description", "version", "urn", "tasks", "$schema"})
REPEATABLE = "repeatable group not supported yet: imported as a single text question"


def looks_like(data: Any) -> bool:
    """A PAR definition: tasks that have an id, a task (title) and a type (list)."""
    tasks = data.get("tasks") if isinstance(data, dict) else None
    return isinstance(tasks, list) and any(
        isinstance(t, dict) and "id" in t and "task" in t and "type" in t for t in tasks
    )


def convert(data: dict[str, Any], *, source_name: str) -> ImportResult:
    return _Definition(data, source_name).result()


@dataclass
class _Target:
    """An earlier question that a condition can point at."""

    key: str
    type: str
    values: dict[Any, str] = field(default_factory=dict)  # original option value → Levend's


@dataclass
class _Scope:
    """The display condition a group passes on to everything in it."""

    condition: dict[str, Any] | None = None
    origin: str = ""  # the id of the group the condition comes from
    described: str = ""  # the condition as the original states it
    inside: set[str] = field(default_factory=set)  # keys of the questions in the group so far


def _value_key(value: Any) -> Any:
    """Option values compared as the file has them: true is not "true"."""
    return (type(value).__name__, value if isinstance(value, str | bool | int | float) else None)


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _types(task: dict[str, Any]) -> list[str]:
    raw = task.get("type")
    return [text_of(t) for t in (raw if isinstance(raw, list) else [raw]) if text_of(t)]


def _children(task: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in task.get("tasks") or [] if isinstance(t, dict)]


def _refers_to(dependency: dict[str, Any], field_name: str) -> str:
    """The id a dependency's condition or source names."""
    part = dependency.get(field_name)
    return text_of(part.get("id")) if isinstance(part, dict) and part.get("id") else "?"


def _walk(tasks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for task in tasks:
        yield task
        yield from _walk(_children(task))


class _Definition:
    def __init__(self, data: dict[str, Any], source_name: str) -> None:
        self.data = data
        self.source_name = source_name
        self.notes = Notes()
        # A PAR definition does not name its language; the government's are in Dutch.
        self.wording = Wording("nl")
        self.keys = Keys()
        self.section_keys = Keys()
        self.kinds: dict[str, str] = {}  # every id in the file → what it is
        self.in_repeatable: set[str] = set()
        self.seen: set[str] = set()
        self.targets: dict[str, _Target] = {}
        self.scopes: list[_Scope] = []

    def result(self) -> ImportResult:
        tasks = [t for t in self.data.get("tasks") or [] if isinstance(t, dict)]
        if not tasks:
            raise ImportFailed("the definition has no tasks: there is nothing to import")
        self._index(tasks, depth=0, repeatable=False)
        sections = [self._section(task, index) for index, task in enumerate(tasks)]
        content: dict[str, Any] = {
            "key": self._set_key(),
            "version": self._version(),
            "title": self.wording(html_to_text(text_of(self.data.get("name"))) or "PAR"),
        }
        description = html_to_text(text_of(self.data.get("description")))
        if description:
            content["description"] = self.wording(description)
        content["source"] = self._source()
        content["sections"] = sections
        self._top_level_notes()
        return ImportResult(FORMAT, self.source_name, content, self.notes.in_order())

    # --- the set -------------------------------------------------------------------------------

    def _urn_parts(self) -> tuple[str, str]:
        """The instrument's name and version as its urn gives them: urn:nl:dpia[:3.0]."""
        match = re.match(r"^urn:nl:([A-Za-z0-9_-]+)(?::([0-9.]+))?", text_of(self.data.get("urn")))
        return (match[1], match[2] or "") if match else ("", "")

    def _set_key(self) -> str:
        name = slugify(self._urn_parts()[0], 40) or slugify(text_of(self.data.get("name")), 40)
        return f"par-{name}" if name else "par-assessment"

    def _version(self) -> str:
        for candidate in (text_of(self.data.get("version")), self._urn_parts()[1]):
            if VERSION.match(candidate):
                return candidate
        self.notes.add(TOP_LEVEL, "no usable version: imported as 1.0")
        return "1.0"

    def _source(self) -> dict[str, Any]:
        year = dt.date.today().year
        self.notes.add(
            TOP_LEVEL,
            "a PAR definition names no publisher, date or web address: the source says "
            f"publisher 'unknown', the year of the import ({year}) and the PAR repository; "
            "correct them before loading if you know better",
        )
        urn = text_of(self.data.get("urn")) or "without urn"
        return {
            "publisher": "unknown",
            "title": html_to_text(text_of(self.data.get("name"))) or "PAR",
            "year": year,
            "url": PAR_URL,
            "licence": "EUPL-1.2",
            "note": (
                f"Imported with `levend questionnaire import` from the PAR assessment definition "
                f"{urn} ({self.source_name}): the official wording, not Levend's own. The licence "
                "is the PAR repository's (EUPL-1.2); check it for this definition."
            ),
        }

    def _top_level_notes(self) -> None:
        self.notes.add(
            TOP_LEVEL,
            "a PAR definition does not name its language: its texts are taken as Dutch; the en "
            "texts are copies marked '[nl] ' and need translating",
        )
        if self.data.get("assessments"):
            self.notes.add(
                TOP_LEVEL,
                "assessments (rules that decide which assessments are required) not carried: "
                "Levend does not evaluate them",
            )
        unknown = sorted(set(self.data) - KNOWN_TOP_FIELDS - {"assessments"})
        if unknown:
            self.notes.add(TOP_LEVEL, f"fields not carried: {', '.join(unknown)}")

    # --- the file's ids ------------------------------------------------------------------------

    def _index(self, tasks: list[dict[str, Any]], *, depth: int, repeatable: bool) -> None:
        if depth > MAX_DEPTH:
            raise ImportFailed(f"tasks are nested more than {MAX_DEPTH} levels deep")
        for task in tasks:
            item_id = text_of(task.get("id"))
            kind = self._kind(task, note=False)
            self.kinds.setdefault(item_id, kind)
            if repeatable:
                self.in_repeatable.add(item_id)
            self._index(
                _children(task),
                depth=depth + 1,
                repeatable=repeatable or task.get("repeatable") is True,
            )

    def _kind(self, task: dict[str, Any], *, note: bool = True) -> str:
        """What the item is for Levend: "group", "informational", "image", or a question type."""
        if _children(task):
            return "group"
        types = _types(task)
        item = text_of(task.get("id"))
        answers = [t for t in types if t in ANSWER_TYPES]
        unknown = [t for t in types if t not in ANSWER_TYPES and t not in TEXT_TYPES | {"image"}]
        if note and unknown:
            taken = f"taken as {answers[0]}" if answers else "imported as a text question"
            self.notes.add(item, f"unknown type {', '.join(map(repr, unknown))}: {taken}")
        if note and len(answers) > 1:
            self.notes.add(
                item,
                f"has several answer types: taken as {answers[0]}, not {', '.join(answers[1:])}",
            )
        if answers:
            return answers[0]
        if unknown:
            return "text_input"
        if "image" in types:
            return "image"
        if not types and note:
            self.notes.add(item, "has no type: imported as informational text")
        return "informational"

    # --- sections ------------------------------------------------------------------------------

    def _section(self, task: dict[str, Any], index: int) -> dict[str, Any]:
        item_id = self._id(task, str(index + 1))
        key = self.section_keys.make(item_id, str(index + 1))
        title = html_to_text(text_of(task.get("task")))
        description = html_to_text(text_of(task.get("description")))
        section: dict[str, Any] = {"key": key, "title": self.wording(title or item_id)}
        children = _children(task)
        if children and task.get("repeatable") is not True:
            self._field_notes(task, item_id)
            self.seen.add(item_id)
            details = join_texts(
                self.wording(description) if description else None,
                self._references(task, item_id),
            )
            if details:
                section["description"] = details
            scope = self._group_scope(task, item_id, _Scope())
            self.scopes.append(scope)
            questions = self._own_answer(task, item_id, title, description, scope)
            for number, child in enumerate(children, start=1):
                questions.extend(self._item(child, scope, item_id, title, number))
            self.scopes.pop()
        elif not children and self._kind(task, note=False) == "informational":
            # A part that is only text: the section shows that text as its one item.
            self._field_notes(task, item_id)
            self.seen.add(item_id)
            questions = [self._informational(task, item_id, "", description or title, _Scope())]
        else:
            questions = self._item(task, _Scope(), item_id, "", 1)
        if not questions:
            questions = [
                {
                    "key": self.keys.make(item_id, f"{key}.0"),
                    "text": self.wording(title or item_id),
                    "type": "informational",
                }
            ]
        section["questions"] = questions
        return section

    def _id(self, task: dict[str, Any], fallback: str) -> str:
        item_id = text_of(task.get("id"))
        if not item_id:
            self.notes.add(f"item {fallback}", "has no id: numbered by its place in the file")
            return fallback
        return item_id

    # --- items ---------------------------------------------------------------------------------

    def _item(
        self, task: dict[str, Any], scope: _Scope, parent_id: str, parent_title: str, n: int
    ) -> list[dict[str, Any]]:
        """The Levend questions for one item of the file (and everything inside it)."""
        item_id = self._id(task, f"{parent_id}.{n}")
        title = html_to_text(text_of(task.get("task")))
        description = html_to_text(text_of(task.get("description")))
        self._field_notes(task, item_id)
        if task.get("repeatable") is True:
            return [self._repeatable(task, item_id, title, description, scope, parent_title)]
        children = _children(task)
        if children:
            return self._group(task, item_id, title, description, scope, children)
        self.seen.add(item_id)
        kind = self._kind(task)
        if kind == "image":
            self.notes.add(item_id, "an image is not supported in Levend: not imported")
            return []
        if kind == "informational":
            return [self._informational(task, item_id, title, description, scope)]
        condition = self._condition(task, item_id, scope, question=True)
        return [self._question(task, item_id, kind, title, description, condition, parent_title)]

    def _group(
        self,
        task: dict[str, Any],
        item_id: str,
        title: str,
        description: str,
        scope: _Scope,
        children: list[dict[str, Any]],
    ) -> list[dict[str, Any]]:
        """A group within a section: its title and description as informational text, then its
        items, each carrying the group's display condition."""
        self.seen.add(item_id)
        inner = self._group_scope(task, item_id, scope)
        items = self._own_answer(task, item_id, title, description, inner)
        if not items and (title or description):
            items = [self._informational(task, item_id, title, description, scope, inner)]
        self.scopes.append(inner)
        for number, child in enumerate(children, start=1):
            items.extend(self._item(child, inner, item_id, title, number))
        self.scopes.pop()
        return items

    def _own_answer(
        self, task: dict[str, Any], item_id: str, title: str, description: str, inner: _Scope
    ) -> list[dict[str, Any]]:
        """A group that also takes an answer itself (a type besides task_group) asks it first,
        under the group's own condition."""
        answers = [t for t in _types(task) if t in ANSWER_TYPES]
        if not answers:
            return []
        condition = (inner.condition, inner.described)
        return [self._question(task, item_id, answers[0], title, description, condition, "")]

    def _group_scope(self, task: dict[str, Any], item_id: str, outer: _Scope) -> _Scope:
        """The scope for a group's items: its own condition, or else the one it is in."""
        condition, described = self._condition(task, item_id, outer)
        if condition is None or condition is outer.condition:
            return outer
        return _Scope(condition, item_id, described)

    def _informational(
        self,
        task: dict[str, Any],
        item_id: str,
        title: str,
        description: str,
        scope: _Scope,
        inner: _Scope | None = None,
    ) -> dict[str, Any]:
        """Text to read: a group's title and description (`inner` is the scope the group gives
        its items), or an item that takes no answer."""
        item: dict[str, Any] = {
            "key": self._key(item_id),
            "text": self.wording(title or description or item_id),
        }
        guidance = join_texts(
            self.wording(description) if title and description else None,
            self._references(task, item_id),
        )
        if guidance:
            item["guidance"] = guidance
        item["type"] = "informational"
        always = "informational text cannot be conditional in Levend, so it is always shown"
        if inner is not None and inner.condition is not None and inner.origin == item_id:
            self.notes.add(
                item_id,
                f"shown only when {inner.described} in the original: its title and description "
                f"are informational text, always shown; the questions in it carry the condition",
            )
            return item
        own = [d for d in self._dependencies(task) if self._is_conditional(d)]
        if inner is None:
            for dependency in own:
                self.notes.add(
                    item_id,
                    f"shown only when {self._describe(dependency)} in the original: {always}",
                )
        if not own and scope.condition is not None:
            self.notes.add(
                item_id,
                f"inside {scope.origin}, which is shown only when {scope.described}: {always}",
            )
        return item

    def _question(
        self,
        task: dict[str, Any],
        item_id: str,
        kind: str,
        title: str,
        description: str,
        condition: tuple[dict[str, Any] | None, str],
        parent_title: str,
    ) -> dict[str, Any]:
        if not title:
            if parent_title:
                title = parent_title
                self.notes.add(item_id, "has no text of its own: its group's title is used")
            else:
                title = item_id
                self.notes.add(item_id, "has no text: its id is used as the text")
        key = self._key(item_id)
        question_type, options, values, extra = self._answer(task, item_id, kind)
        question: dict[str, Any] = {"key": key, "text": self.wording(title)}
        guidance = join_texts(
            self.wording(description) if description else None,
            self.wording(extra) if extra else None,
            self._references(task, item_id),
        )
        if guidance:
            question["guidance"] = guidance
        question["type"] = question_type
        if options:
            question["options"] = options
        if task.get("required_status") is True:
            question["required"] = True
        if condition[0] is not None:
            question["show_if"] = condition[0]
        self._answerable(item_id, _Target(key, question_type, values))
        return question

    def _repeatable(
        self,
        task: dict[str, Any],
        item_id: str,
        title: str,
        description: str,
        scope: _Scope,
        parent_title: str,
    ) -> dict[str, Any]:
        """A repeatable item or group, as one text question that lists what each entry holds."""
        self.seen.add(item_id)
        inside = list(_walk(_children(task)))
        self.seen.update(text_of(t.get("id")) for t in inside)
        parts = [
            html_to_text(text_of(t.get("task"))) or text_of(t.get("id"))
            for t in inside
            if not _children(t)
        ]
        entry = None
        if parts:
            listed = "; ".join(p for p in parts if p)
            entry = both(
                f"Beschrijf per onderdeel: {listed}.", f"Describe for each entry: {listed}."
            )
        question: dict[str, Any] = {
            "key": self._key(item_id),
            "text": self.wording(title or parent_title or item_id),
        }
        guidance = join_texts(
            self.wording(description) if description else None,
            entry,
            self._references(task, item_id),
        )
        if guidance:
            question["guidance"] = guidance
        question["type"] = "text"
        if task.get("required_status") is True:
            question["required"] = True
        condition, _described = self._condition(task, item_id, scope)
        if condition is not None:
            question["show_if"] = condition
        message = REPEATABLE
        if inside:
            ids = ", ".join(text_of(t.get("id")) for t in inside)
            message += f"; its items ({ids}) are described in the guidance"
            conditional = [text_of(t.get("id")) for t in inside if self._dependencies(t)]
            if conditional:
                message += f", without their own conditions ({', '.join(conditional)})"
        self.notes.add(item_id, message)
        self._answerable(item_id, _Target(question["key"], "text"))
        return question

    def _key(self, item_id: str) -> str:
        taken = item_id in self.keys.used
        key = self.keys.make(item_id, "item")
        if key != item_id:
            why = "occurs more than once" if taken else "is not usable as a Levend key"
            self.notes.add(item_id, f"its id {why}: imported as {key!r}")
        return key

    def _answerable(self, item_id: str, target: _Target) -> None:
        self.targets[item_id] = target
        for scope in self.scopes:
            scope.inside.add(target.key)

    # --- answers and options -------------------------------------------------------------------

    def _answer(
        self, task: dict[str, Any], item_id: str, kind: str
    ) -> tuple[str, list[dict[str, Any]], dict[Any, str], str]:
        """Levend's question type, its options, the original values they stand for, and a line
        for the guidance."""
        question_type = ANSWER_TYPES.get(kind, "text")
        raw = [o for o in task.get("options") or [] if isinstance(o, dict)]
        if question_type in ("text", "date"):
            if raw:
                self.notes.add(item_id, f"options are not carried: a {kind} question has none")
            return question_type, [], {}, ""
        values = [o.get("value") for o in raw]
        if sorted(map(repr, values)) == ["False", "True"]:
            return "yesno", [], {}, ""  # a choice between true and false is a yes/no question
        if len(raw) >= 2:
            options, mapping = self._options(raw, item_id)
            return question_type, options, mapping, ""
        if len(raw) == 1:
            label = self._label(raw[0])
            if kind != "checkbox_option":
                self.notes.add(item_id, f"{kind} with a single option: imported as yes/no")
            return "yesno", [], {}, label
        sources = [
            _refers_to(d, "condition")
            for d in self._dependencies(task)
            if text_of(d.get("type")) == "source_options"
        ]
        list_valued = "[]" in text_of(task.get("valueType"))
        if kind == "checkbox_option" and not sources and not list_valued:
            return "yesno", [], {}, ""  # a single checkbox: ticked or not
        if sources:
            self.notes.add(
                item_id,
                f"its options are the answers to {', '.join(sources)} in the original "
                "(source_options): Levend's options are fixed, so it is imported as a text "
                "question",
            )
        else:
            self.notes.add(item_id, f"{kind} without options: imported as a text question")
        return "text", [], {}, ""

    def _label(self, option: dict[str, Any]) -> str:
        label = html_to_text(text_of(option.get("label")))
        if label:
            return label
        value = option.get("value")
        if value is None:
            return "—"
        return text_of(value)

    def _options(
        self, raw: list[dict[str, Any]], item_id: str
    ) -> tuple[list[dict[str, Any]], dict[Any, str]]:
        values = OptionValues()
        options: list[dict[str, Any]] = []
        mapping: dict[Any, str] = {}
        for option in raw:
            value = option.get("value")
            label = self._label(option)
            original = text_of(value) if value is not None else label
            slug = values.make(original)
            if _value_key(value) in mapping:
                self.notes.add(item_id, f"option value {_shown(value)} occurs twice")
            mapping.setdefault(_value_key(value), slug)
            if isinstance(value, bool) and not option.get("label"):
                text = both("Ja", "Yes") if value else both("Nee", "No")
            else:
                text = self.wording(label)
            options.append({"value": slug, "label": text})
        return options, mapping

    # --- references and other fields -----------------------------------------------------------

    def _references(self, task: dict[str, Any], item_id: str) -> dict[str, str] | None:
        """References to questions of other instruments, as a line of guidance."""
        references = task.get("references")
        if not isinstance(references, dict) or not references:
            return None
        parts = []
        for instrument, target in references.items():
            entries = target if isinstance(target, list) else [target]
            shown = []
            for entry in entries:
                if isinstance(entry, dict):
                    kind = text_of(entry.get("type"))
                    shown.append(text_of(entry.get("id")) + (f" ({kind})" if kind else ""))
                else:
                    shown.append(text_of(entry))
            parts.append(f"{instrument} {', '.join(s for s in shown if s)}")
        listed = "; ".join(parts)
        self.notes.add(
            item_id,
            f"references to other instruments kept as text in the guidance ({listed}): Levend "
            "does not pre-fill or show answers across instruments",
        )
        return both(f"Verwijzingen: {listed}.", f"References: {listed}.")

    def _field_notes(self, task: dict[str, Any], item_id: str) -> None:
        unknown = sorted(set(task) - KNOWN_FIELDS)
        if unknown:
            self.notes.add(item_id, f"fields not carried: {', '.join(unknown)}")
        if task.get("calculation"):
            calculation = task["calculation"]
            score = text_of(calculation.get("scoreKey")) if isinstance(calculation, dict) else ""
            self.notes.add(
                item_id,
                f"calculation{f' ({score})' if score else ''} not carried: "
                "Levend does not compute scores",
            )
        if task.get("defaultValue") is not None:
            self.notes.add(
                item_id,
                f"default value {_shown(task['defaultValue'])} not carried: "
                "Levend has no default answers",
            )
        sources = [s for s in task.get("sources") or [] if isinstance(s, dict)]
        if sources:
            named = ", ".join(text_of(s.get("source")) for s in sources)
            self.notes.add(item_id, f"linked files not carried: {named}")
        if text_of(task.get("category")):
            self.notes.add(item_id, f"category {text_of(task.get('category'))!r} not carried")

    # --- conditional display -------------------------------------------------------------------

    def _dependencies(self, task: dict[str, Any]) -> list[dict[str, Any]]:
        return [d for d in task.get("dependencies") or [] if isinstance(d, dict)]

    def _is_conditional(self, dependency: dict[str, Any]) -> bool:
        return (text_of(dependency.get("type")) or "conditional") == "conditional"

    def _describe(self, dependency: dict[str, Any]) -> str:
        condition = dependency.get("condition")
        condition = condition if isinstance(condition, dict) else {}
        operator = text_of(condition.get("operator")) or "equals"
        value = f" {_shown(condition['value'])}" if "value" in condition else ""
        return f"{text_of(condition.get('id')) or '?'} {operator}{value}"

    def _condition(
        self, task: dict[str, Any], item_id: str, scope: _Scope, *, question: bool = False
    ) -> tuple[dict[str, Any] | None, str]:
        """The one `show_if` this item gets: its own condition, or its group's; every
        dependency that cannot be carried is reported."""
        carried: list[tuple[dict[str, Any], str]] = []
        for dependency in self._dependencies(task):
            kind = text_of(dependency.get("type")) or "conditional"
            if kind == "source_options":
                if not question:  # a question's options are reported with its answer type
                    self.notes.add(
                        item_id,
                        f"options from the answers to {_refers_to(dependency, 'condition')} "
                        "(source_options) not carried: Levend's options are fixed",
                    )
                continue
            if kind == "instance_mapping":
                self.notes.add(
                    item_id,
                    f"has an entry per answer to {_refers_to(dependency, 'source')} in the "
                    "original "
                    "(instance_mapping): Levend has no repeatable groups yet",
                )
                continue
            if kind != "conditional":
                self.notes.add(item_id, f"dependency of unknown type {kind!r} not carried")
                continue
            described = self._describe(dependency)
            action = text_of(dependency.get("action")) or "show"
            if action != "show":
                self.notes.add(
                    item_id,
                    f"'{action}' when {described} in the original: Levend can only show a "
                    "question when a condition holds, so it is always shown",
                )
                continue
            condition = dependency.get("condition")
            mapped, reason = self._map(condition if isinstance(condition, dict) else {})
            if mapped is None:
                self.notes.add(
                    item_id,
                    f"shown only when {described} in the original, which cannot be carried: "
                    f"{reason}; so it is always shown",
                )
                continue
            carried.append((mapped, described))
        for _mapped, described in carried[1:]:
            self.notes.add(
                item_id,
                f"also shown only when {described} in the original: Levend allows one condition "
                f"per question, so only the first ({carried[0][1]}) is carried",
            )
        own = carried[0] if carried else None
        if own is None:
            return scope.condition, scope.described
        if scope.condition is None or own[0]["question"] in scope.inside:
            # Within a conditional group a condition on one of the group's own questions
            # implies the group's: a question that is not shown has no answer to match.
            return own
        self.notes.add(
            item_id,
            f"shown only when {own[1]} in the original, within {scope.origin} (shown only when "
            f"{scope.described}): Levend allows one condition per question, so only the "
            "group's is carried",
        )
        return scope.condition, scope.described

    def _map(self, condition: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
        """A PAR condition as Levend's `show_if` (equals, in, answered on an earlier question),
        or why it cannot be one."""
        target_id = text_of(condition.get("id"))
        target = self.targets.get(target_id)
        if target is None:
            return None, self._not_a_target(target_id)
        operator = text_of(condition.get("operator")) or "equals"
        value = condition.get("value")
        if target.type == "yesno" and value in ("true", "false"):
            value = value == "true"
        shown = _shown(value)
        key = target.key
        if operator not in ("equals", "contains", "any", "all"):
            return None, f"the operator {operator!r} is unknown"
        if value is None:
            if operator == "any":
                return {"question": key, "answered": True}, ""
            return None, f"'{operator}' without a value cannot be expressed"
        if target.type == "yesno":
            if isinstance(value, bool):
                return {"question": key, "equals": value}, ""
            return None, f"{target_id} is yes/no in Levend and {shown} is not true or false"
        if target.type in ("choice", "multichoice"):
            option = target.values.get(_value_key(value))
            if option is None:
                return None, f"{shown} is not an option of {target_id}"
            if target.type == "choice" and operator == "equals":
                return {"question": key, "equals": option}, ""
            return {"question": key, "in": [option]}, ""
        if operator == "equals" and isinstance(value, str) and value:
            return {"question": key, "equals": value}, ""
        return None, f"'{operator}' {shown} on a {target.type} question cannot be expressed"

    def _not_a_target(self, target_id: str) -> str:
        kind = self.kinds.get(target_id)
        if not target_id:
            return "the condition names no question"
        if kind is None:
            return f"{target_id} is not in this file"
        if target_id in self.in_repeatable:
            return f"{target_id} is inside a repeatable group, which is imported as one question"
        if target_id not in self.seen:
            return f"{target_id} comes later; a condition can only refer to an earlier question"
        if kind == "image":
            return f"{target_id} is an image, which is not imported"
        return f"{target_id} is a group or informational text, which has no answer"
