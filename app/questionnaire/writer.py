"""A set's content as YAML a person can read and edit: fields in the order the hand-written sets
use (key, version, title, ... sections), long texts as literal blocks, short lists on one line.
Reading the text back with the loader gives the same content, so the same content hash."""

import io
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

TOP = (
    "key",
    "version",
    "title",
    "description",
    "source",
    "forked_from",
    "lineage",
    "review_interval_months",
    "sections",
)
SOURCE = ("publisher", "title", "year", "url", "licence", "note")
SECTION = ("key", "title", "description", "legal_reference", "questions")
QUESTION = (
    "key",
    "text",
    "guidance",
    "type",
    "required",
    "options",
    "scale",
    "columns",
    "matrix",
    "max_rows",
    "roles",
    "legal_reference",
    "urn",
    "art27",
    "show_if",
    "renamed_from",
)
OPTION = ("value", "label")
COLUMN = ("key", "label", "type", "required", "options", "matrix")
MATRIX = ("likelihood", "severity")
SCALE = ("min", "max", "min_label", "max_label")
CONDITION = ("question", "equals", "in", "answered")
LOCALISED = ("nl", "en")
# What each field holds, where that decides the order of its own fields.
NESTED: dict[str, Sequence[str]] = {
    "source": SOURCE,
    "scale": SCALE,
    "show_if": CONDITION,
    "matrix": MATRIX,
}
LISTS: dict[str, Sequence[str]] = {
    "sections": SECTION,
    "questions": QUESTION,
    "options": OPTION,
    "columns": COLUMN,
    "likelihood": OPTION,
    "severity": OPTION,
}
# Lists of short codes, written on one line: roles: [jurist, ethicus].
FLOW_LISTS = {"roles", "in", "art27", "renamed_from"}


def _ordered(mapping: dict[str, Any], order: Sequence[str]) -> CommentedMap:
    """The fields in `order`, then any others (fields newer than this writer) by name."""
    known = [k for k in order if k in mapping]
    rest = sorted(k for k in mapping if k not in order)
    result = CommentedMap()
    for key in known + rest:
        result[key] = _styled(mapping[key], key)
    return result


def _styled(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        order = NESTED.get(key, LOCALISED)
        return _ordered(value, order)
    if isinstance(value, list):
        item_order = LISTS.get(key, ())
        items = [
            _ordered(item, item_order) if isinstance(item, dict) else _styled(item, "")
            for item in value
        ]
        sequence = CommentedSeq(items)
        if key in FLOW_LISTS:
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def set_yaml(content: dict[str, Any], *, header: str = "") -> str:
    """The content as YAML; `header` (plain lines) goes on top as comments."""
    yaml = YAML(typ="rt")
    yaml.width = 4096  # a text on one line, as in the hand-written sets
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(_ordered(content, TOP), stream)
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comments + stream.getvalue()
