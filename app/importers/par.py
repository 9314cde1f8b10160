"""PAR assessment definitions (MinBZK/par-dpia-form, assessment-definition.v2.schema.json: the
format of the government's IAMA 2.0, DPIA and pre-scan forms) as Levend sets.

Top-level task groups become sections; a deeper group becomes an informational item (its title
and description) followed by its items, flattened into the section. A repeatable item or group
becomes a table: a row per entry, a column per item in it, keyed by the item's id with "_" for
"." (3.1.2 → 3_1_2). Every question keeps its official id as its key, so the numbering stays the
one people know.

Display conditions (`conditional` dependencies) become `show_if`, a `hide` one as `not`. PAR
shows an item only when every one of its conditions holds, and an item in a group only when the
group is shown, so several conditions are carried as `all`."""

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from app.importers.common import (
    TOP_LEVEL,
    VERSION,
    ColumnKeys,
    ImportFailed,
    ImportResult,
    Keys,
    Notes,
    OptionValues,
    Wording,
    both,
    column_slug,
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
# The most columns a Levend table has; a repeatable group with more items shares the last one.
MAX_COLUMNS = 8
REST_COLUMN = "overig"


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
class _Cell:
    """An item of a repeatable group on its way to being a column of the table."""

    task: dict[str, Any]
    item_id: str
    kind: str  # the PAR answer type it is taken as
    label: str


@dataclass
class _Scope:
    """The display condition a group passes on to everything in it."""

    condition: dict[str, Any] | None = None
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


def _parts(condition: dict[str, Any]) -> list[dict[str, Any]]:
    """The conditions that must all hold: those of an `all`, or the condition itself."""
    parts: list[dict[str, Any]] = condition["all"] if set(condition) == {"all"} else [condition]
    return parts


def _all_of(*conditions: dict[str, Any]) -> dict[str, Any]:
    """One condition that holds when every one given does: a flat `all`, without repeats."""
    parts: list[dict[str, Any]] = []
    for condition in conditions:
        parts.extend(part for part in _parts(condition) if part not in parts)
    return parts[0] if len(parts) == 1 else {"all": parts}


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
        self.tasks: dict[str, dict[str, Any]] = {}  # every id in the file → its item
        self.repeatable_of: dict[str, str] = {}  # an id inside a repeatable → the repeatable's
        self.seen: set[str] = set()
        self.targets: dict[str, _Target] = {}
        self.scopes: list[_Scope] = []

    def result(self) -> ImportResult:
        tasks = [t for t in self.data.get("tasks") or [] if isinstance(t, dict)]
        if not tasks:
            raise ImportFailed("the definition has no tasks: there is nothing to import")
        self._index(tasks, depth=0, repeatable="")
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

    def _index(self, tasks: list[dict[str, Any]], *, depth: int, repeatable: str) -> None:
        """`repeatable`: the id of the outermost repeatable these tasks are in, if any."""
        if depth > MAX_DEPTH:
            raise ImportFailed(f"tasks are nested more than {MAX_DEPTH} levels deep")
        for task in tasks:
            item_id = text_of(task.get("id"))
            kind = self._kind(task, note=False)
            self.kinds.setdefault(item_id, kind)
            self.tasks.setdefault(item_id, task)
            if repeatable:
                self.repeatable_of.setdefault(item_id, repeatable)
            starts = (item_id or "?") if task.get("repeatable") is True else ""
            self._index(_children(task), depth=depth + 1, repeatable=repeatable or starts)

    def _kind(self, task: dict[str, Any], *, note: bool = True, noun: str = "question") -> str:
        """What the item is for Levend: "group", "informational", "image", or a PAR answer type.
        `noun` names what an item with an unknown type becomes ("question", "column")."""
        if _children(task):
            return "group"
        types = _types(task)
        item = text_of(task.get("id"))
        answers = [t for t in types if t in ANSWER_TYPES]
        unknown = [t for t in types if t not in ANSWER_TYPES and t not in TEXT_TYPES | {"image"}]
        if note and unknown:
            taken = f"taken as {answers[0]}" if answers else f"imported as a text {noun}"
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
        return [self._question(task, item_id, answers[0], title, description, inner.condition, "")]

    def _group_scope(self, task: dict[str, Any], item_id: str, outer: _Scope) -> _Scope:
        """The scope for a group's items: its own condition (with the one it is in), or else
        the one it is in."""
        condition = self._condition(task, item_id, outer)
        if condition is None or condition is outer.condition:
            return outer
        return _Scope(condition)

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
        its items), or an item that takes no answer; shown under the same conditions."""
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
        # A group's heading is shown when the questions in it are: under the group's own
        # condition (its dependencies were read by _group_scope), or the one it is in.
        condition = inner.condition if inner is not None else self._condition(task, item_id, scope)
        if condition is not None:
            item["show_if"] = condition
        return item

    def _question(
        self,
        task: dict[str, Any],
        item_id: str,
        kind: str,
        title: str,
        description: str,
        condition: dict[str, Any] | None,
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
        if condition is not None:
            question["show_if"] = condition
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
        """A repeatable item or group as a table: a row per entry, a column per item in it."""
        self.seen.add(item_id)
        key = self._key(item_id)
        text = title or parent_title or item_id
        children = _children(task)
        condition = self._condition(task, item_id, scope, question=not children, table=True)
        references = self._references(task, item_id)
        contents: Iterator[_Cell | dict[str, str] | None]
        if children:
            contents = self._contents(children, item_id, text, item_id)
            cells = sum(1 for t in _walk(children) if self._kind(t, note=False) in ANSWER_TYPES)
        else:
            kind = self._kind(task, noun="column")
            cells = 1 if kind in ANSWER_TYPES else 0
            contents = iter([_Cell(task, item_id, kind, text)] if cells else [])
        if not cells:
            self.notes.add(
                item_id,
                "repeatable without items that take an answer: imported as a table with one "
                "text column",
            )
            contents = iter([*contents, _Cell(task, item_id, "open_text", text)])
            cells = 1
        columns, details = self._columns(contents, cells, item_id)
        question: dict[str, Any] = {"key": key, "text": self.wording(text)}
        guidance = join_texts(
            self.wording(description) if description else None,
            *self._one_row_per(task),
            *details,
            references,
        )
        if guidance:
            question["guidance"] = guidance
        question["type"] = "table"
        # A PAR repeatable starts with one entry, so a required item in it must be filled at
        # least once: Levend's "at least one complete row".
        if task.get("required_status") is True or any(c.get("required") for c in columns):
            question["required"] = True
        if condition is not None:
            question["show_if"] = condition
        question["columns"] = columns
        self._answerable(item_id, _Target(key, "table"))
        return question

    def _contents(
        self, tasks: list[dict[str, Any]], parent_id: str, parent_label: str, table_id: str
    ) -> Iterator[_Cell | dict[str, str] | None]:
        """What is inside a repeatable, in the file's order and with groups in it flattened:
        the items that take an answer, and lines for the table's guidance (descriptions,
        headings, text to read). What does not fit in a table is reported as it is met."""
        for number, task in enumerate(tasks, start=1):
            item_id = self._id(task, f"{parent_id}.{number}")
            self.seen.add(item_id)
            title = html_to_text(text_of(task.get("task")))
            description = html_to_text(text_of(task.get("description")))
            children = _children(task)
            self._field_notes(task, item_id)
            self._cell_conditions(task, item_id, table_id, children=bool(children))
            if task.get("repeatable") is True:
                self.notes.add(
                    item_id,
                    f"repeatable inside the repeatable {table_id}: a table row cannot hold a "
                    "table, so a row holds one entry of it",
                )
            if children:
                heading = ": ".join(t for t in (title, description) if t)
                self.notes.add(
                    item_id,
                    f"a group inside the repeatable {table_id}: its items are columns of the "
                    "table"
                    + (", its title and description a line of its guidance" if heading else ""),
                )
                yield self.wording(heading) if heading else None
                yield self._references(task, item_id)
                yield from self._contents(children, item_id, title or parent_label, table_id)
                continue
            kind = self._kind(task, noun="column")
            if kind == "image":
                self.notes.add(item_id, "an image is not supported in Levend: not imported")
                continue
            if kind == "informational":
                text = ": ".join(t for t in (title, description) if t)
                if text:
                    self.notes.add(
                        item_id,
                        f"informational text inside the repeatable {table_id}: a line of the "
                        "table's guidance",
                    )
                    yield self.wording(text)
                continue
            if not title:
                title = parent_label
                self.notes.add(
                    item_id, "has no text of its own: its group's title is the column's label"
                )
            if description:
                yield self.wording(f"{title}: {description}")
            yield self._references(task, item_id)
            yield _Cell(task, item_id, kind, title)

    def _columns(
        self, contents: Iterator[_Cell | dict[str, str] | None], cells: int, table_id: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, str] | None]]:
        """A column per cell (`cells` of them come), and the lines of guidance. With more cells
        than a table has columns, the last column is a text column shared by the rest, so that a
        row still holds a whole entry (several tables side by side would lose which rows belong
        together)."""
        keys = ColumnKeys()
        room = MAX_COLUMNS if cells <= MAX_COLUMNS else MAX_COLUMNS - 1
        columns: list[dict[str, Any]] = []
        rest: list[_Cell] = []
        details: list[dict[str, str] | None] = []
        for entry in contents:
            if not isinstance(entry, _Cell):
                details.append(entry)
            elif len(columns) < room:
                columns.append(self._column(entry, keys, details))
            else:
                rest.append(entry)
        if not rest:
            return columns, details
        key = keys.make(REST_COLUMN, REST_COLUMN)
        listed = "; ".join(self._described_cell(cell) for cell in rest)
        details.append(
            both(
                f"Overige onderdelen (kolom {key}), per rij: {listed}.",
                f"Other parts (column {key}), for each row: {listed}.",
            )
        )
        ids = [cell.item_id for cell in rest]
        for cell in rest:
            others = ", ".join(i for i in ids if i != cell.item_id)
            self.notes.add(
                cell.item_id,
                f"the repeatable {table_id} has more items than the {MAX_COLUMNS} columns a "
                f"table can have: answered as text in its last column {key!r}, together with "
                f"{others}",
            )
        column: dict[str, Any] = {
            "key": key,
            "label": both("Overige onderdelen", "Other parts"),
            "type": "text",
        }
        if any(cell.task.get("required_status") is True for cell in rest):
            column["required"] = True
        columns.append(column)
        return columns, details

    def _described_cell(self, cell: _Cell) -> str:
        """An item of the shared text column as its guidance lists it: label, id, options."""
        raw = [o for o in cell.task.get("options") or [] if isinstance(o, dict)]
        options = " / ".join(self._label(o) for o in raw)
        return f"{cell.label} ({cell.item_id}{f': {options}' if options else ''})"

    def _column(
        self, cell: _Cell, keys: ColumnKeys, details: list[dict[str, str] | None]
    ) -> dict[str, Any]:
        key = self._column_key(cell.item_id, keys)
        answer, options, _values, extra = self._answer(
            cell.task, cell.item_id, cell.kind, noun="column"
        )
        column: dict[str, Any] = {"key": key, "label": self.wording(cell.label)}
        if answer == "multichoice":
            raw = [o for o in cell.task.get("options") or [] if isinstance(o, dict)]
            listed = "; ".join(self._label(o) for o in raw)
            self.notes.add(
                cell.item_id,
                f"{cell.kind} in a table: a cell holds one answer, so it is a text column; its "
                "options are listed in the table's guidance",
            )
            details.append(
                both(
                    f"{cell.label}: een of meer van: {listed}.",
                    f"{cell.label}: one or more of: {listed}.",
                )
            )
            column["type"] = "text"
        elif answer == "yesno":
            # Levend has no yes/no column: a choice between the two.
            column["type"] = "choice"
            column["options"] = self._yes_no_options(cell.task, cell.item_id)
            if extra:
                details.append(self.wording(f"{cell.label}: {extra}"))
        elif answer == "choice":
            column["type"] = "choice"
            column["options"] = options
        else:
            column["type"] = answer  # text or date
        if cell.task.get("required_status") is True:
            column["required"] = True
        return column

    def _yes_no_options(self, task: dict[str, Any], item_id: str) -> list[dict[str, Any]]:
        """The file's own true/false options with their labels, or Ja / Nee."""
        raw = [o for o in task.get("options") or [] if isinstance(o, dict)]
        if len(raw) == 2 and all(isinstance(o.get("value"), bool) for o in raw):
            return self._options(raw, item_id)[0]
        return [
            {"value": "true", "label": both("Ja", "Yes")},
            {"value": "false", "label": both("Nee", "No")},
        ]

    def _column_key(self, item_id: str, keys: ColumnKeys) -> str:
        """The item's id with "_" for "." (3.1.2 → 3_1_2); reported when it had to change."""
        taken = column_slug(item_id) in keys.used
        key = keys.make(item_id, "kolom")
        if key != item_id.lower().replace(".", "_"):
            why = "occurs more than once in the table" if taken else "is not usable as a column key"
            self.notes.add(item_id, f"its id {why}: imported as column {key!r}")
        return key

    def _one_row_per(self, task: dict[str, Any]) -> list[dict[str, str]]:
        """What an `instance_mapping` does by itself in PAR (an entry per answer elsewhere), as a
        line of guidance."""
        lines = []
        for dependency in self._dependencies(task):
            if text_of(dependency.get("type")) != "instance_mapping":
                continue
            source = _refers_to(dependency, "source")
            title = html_to_text(text_of(self.tasks.get(source, {}).get("task")))
            table = self.repeatable_of.get(source)
            said = ", ".join(t for t in (title, f"in {table}" if table else "") if t)
            shown = f"{source} ({said})" if said else source
            lines.append(
                both(
                    f"Vul een rij in per antwoord op {shown}.",
                    f"Fill in one row per answer to {shown}.",
                )
            )
        return lines

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
        self, task: dict[str, Any], item_id: str, kind: str, *, noun: str = "question"
    ) -> tuple[str, list[dict[str, Any]], dict[Any, str], str]:
        """Levend's question type, its options, the original values they stand for, and a line
        for the guidance. `noun` says what the item becomes: a "question" or a table "column"."""
        question_type = ANSWER_TYPES.get(kind, "text")
        raw = [o for o in task.get("options") or [] if isinstance(o, dict)]
        if question_type in ("text", "date"):
            if raw:
                self.notes.add(item_id, f"options are not carried: a {kind} {noun} has none")
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
                yes_no = "yes/no" if noun == "question" else "a choice between Ja and Nee"
                self.notes.add(item_id, f"{kind} with a single option: imported as {yes_no}")
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
                f"(source_options): Levend's options are fixed, so it is imported as a text {noun}",
            )
        else:
            self.notes.add(item_id, f"{kind} without options: imported as a text {noun}")
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

    def _describe(self, dependency: dict[str, Any]) -> str:
        condition = dependency.get("condition")
        condition = condition if isinstance(condition, dict) else {}
        operator = text_of(condition.get("operator")) or "equals"
        value = f" {_shown(condition['value'])}" if "value" in condition else ""
        return f"{text_of(condition.get('id')) or '?'} {operator}{value}"

    def _condition(
        self,
        task: dict[str, Any],
        item_id: str,
        scope: _Scope,
        *,
        question: bool = False,
        table: bool = False,
    ) -> dict[str, Any] | None:
        """The `show_if` this item gets: its own conditions and its group's, all of which must
        hold; every dependency that cannot be carried is reported. `question`: the item's
        options are reported with its answer type; `table`: it is a repeatable."""
        carried: list[dict[str, Any]] = []
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
                source = _refers_to(dependency, "source")
                rows = (
                    f"Levend does not add or remove rows as {source} is answered; the guidance "
                    "asks for one row per answer"
                    if table
                    else "Levend makes no entries from other answers"
                )
                self.notes.add(
                    item_id,
                    f"has an entry per answer to {source} in the original (instance_mapping), "
                    f"which is not carried: {rows}",
                )
                continue
            if kind != "conditional":
                self.notes.add(item_id, f"dependency of unknown type {kind!r} not carried")
                continue
            described = self._describe(dependency)
            action = text_of(dependency.get("action")) or "show"
            if action not in ("show", "hide"):
                self.notes.add(
                    item_id,
                    f"'{action}' when {described} in the original: Levend can only show or hide "
                    "a question when a condition holds, so it is always shown",
                )
                continue
            condition = dependency.get("condition")
            mapped, reason = self._map(condition if isinstance(condition, dict) else {})
            if mapped is None:
                when = "shown only" if action == "show" else "hidden"
                self.notes.add(
                    item_id,
                    f"{when} when {described} in the original, which cannot be carried: "
                    f"{reason}; so it is always shown",
                )
                continue
            carried.append(mapped if action == "show" else {"not": mapped})
        if not carried:
            return scope.condition
        # Neither PAR's schema nor its standard (docs/standard/form_standard.md) says how several
        # `conditional` dependencies of one item combine. The government's own form app
        # (MinBZK/par-dpia-form, packages/assessment-core/src/utils/dependency.ts) hides an item
        # as soon as one of its `show` conditions does not hold: all of them must hold. A `hide`
        # is the opposite test, `not` (that app only evaluates `show`; the schema has both).
        own = _all_of(*carried)
        if scope.condition is None or any(
            part.get("question") in scope.inside for part in _parts(own)
        ):
            # Within a conditional group a condition on one of the group's own questions
            # implies the group's: a question that is not shown has no answer to match.
            return own
        # Inside a conditional group an item is shown only when the group is, too.
        return _all_of(scope.condition, own)

    def _cell_conditions(
        self, task: dict[str, Any], item_id: str, table_id: str, *, children: bool
    ) -> None:
        """Reports the dependencies of an item inside a repeatable: PAR applies them to each
        entry, and Levend cannot show or hide a single cell of a table row."""
        where = "its columns are" if children else "the column is"
        for dependency in self._dependencies(task):
            kind = text_of(dependency.get("type")) or "conditional"
            if kind == "source_options" and not children:
                continue  # reported with the column's answer type
            if kind == "conditional":
                action = text_of(dependency.get("action")) or "show"
                when = "shown only" if action == "show" else f"'{action}'"
                self.notes.add(
                    item_id,
                    f"{when} when {self._describe(dependency)} in each entry of the repeatable "
                    f"{table_id} in the original, which cannot be carried: Levend cannot show or "
                    f"hide a single cell of a table row, so {where} always there",
                )
            elif kind in ("source_options", "instance_mapping"):
                part = "condition" if kind == "source_options" else "source"
                self.notes.add(
                    item_id,
                    f"{kind} dependency on {_refers_to(dependency, part)} inside the repeatable "
                    f"{table_id} not carried",
                )
            else:
                self.notes.add(item_id, f"dependency of unknown type {kind!r} not carried")

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
        if target.type == "table":
            return None, (
                f"{target_id} is a table in Levend, and a condition can only test whether it has "
                "rows ('any' without a value)"
            )
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
        if target_id in self.repeatable_of:
            return (
                f"{target_id} is inside the repeatable {self.repeatable_of[target_id]}, a table "
                "in Levend: a condition cannot test a single cell of it"
            )
        if target_id not in self.seen:
            return f"{target_id} comes later; a condition can only refer to an earlier question"
        if kind == "image":
            return f"{target_id} is an image, which is not imported"
        return f"{target_id} is a group or informational text, which has no answer"
