"""Read questionnaire YAML, validate it against questionnaires/schema.json and the rules a schema
cannot express, and report every problem as `file:line:column: message`."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from app.questionnaire.model import QuestionType

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "questionnaires" / "schema.json"
MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class LintError:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class QuestionnaireInvalid(Exception):
    def __init__(self, errors: list[LintError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class LoadedSet:
    content: dict[str, Any]
    canonical_json: str
    content_hash: str


@lru_cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain(node: Any) -> Any:
    """ruamel's position-carrying containers, as plain dicts and lists."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _position(root: Any, path: list[str | int]) -> tuple[int, int]:
    """1-based line and column of the deepest node on `path` that the YAML has."""
    line, column = 0, 0
    node = root
    for step in path:
        if isinstance(node, CommentedMap) and step in node:
            line, column = node.lc.key(step)
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
            line, column = node.lc.item(step)
        else:
            break
        node = node[step]
    return line + 1, column + 1


def _schema_error(error: jsonschema.ValidationError) -> tuple[list[str | int], str]:
    """Where the error is (the path to point at) and what a person should read."""
    path: list[str | int] = list(error.absolute_path)
    where = "/".join(str(p) for p in path) or "(top level)"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        unknown = [key for key in error.instance if key not in known]
        if unknown:
            return [*path, unknown[0]], f"{where}: unknown field {', '.join(map(repr, unknown))}"
    if (
        error.validator == "not"
        and isinstance(error.instance, dict)
        and "options" in error.instance
    ):
        return (
            [*path, "options"],
            f"{where}: options are only for choice and multichoice questions, "
            f"not for type {error.instance.get('type')!r}",
        )
    if error.validator == "oneOf" and error.context:
        # A condition is one of several shapes: report what is wrong with the closest one.
        return _schema_error(jsonschema.exceptions.best_match(error.context))
    if error.validator == "enum" and path and path[-1] == "type":
        allowed = ", ".join(t.value for t in QuestionType)
        return path, f"{where}: unknown question type {error.instance!r}; use one of: {allowed}"
    return path, f"{where}: {error.message}"


def parse_yaml(text: str, path: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or str(exc)
        if "duplicate key" in str(exc):
            problem = f"duplicate key: {problem}"
        raise QuestionnaireInvalid([LintError(path, line, column, f"YAML: {problem}")]) from None
    except YAMLError as exc:
        raise QuestionnaireInvalid([LintError(path, 1, 1, f"YAML: {exc}")]) from None


def _semantic_errors(content: dict[str, Any]) -> Iterator[tuple[list[str | int], str]]:
    """Rules beyond the schema: unique keys, conditions pointing back at a real answer."""
    seen_sections: set[str] = set()
    types: dict[str, dict[str, Any]] = {}
    for s_index, section in enumerate(content["sections"]):
        if section["key"] in seen_sections:
            yield ["sections", s_index, "key"], f"duplicate section key {section['key']!r}"
        seen_sections.add(section["key"])
        if "show_if" in section:
            yield from (
                (["sections", s_index, "show_if", *sub], message)
                for sub, message in _condition_errors(
                    f"section {section['key']}", section["show_if"], types
                )
            )
        for q_index, question in enumerate(section["questions"]):
            here: list[str | int] = ["sections", s_index, "questions", q_index]
            key = question["key"]
            if key in types:
                yield [*here, "key"], f"duplicate question key {key!r}"
            yield from (([*here, *sub], message) for sub, message in _question_errors(question))
            condition = question.get("show_if")
            if condition:
                yield from (
                    ([*here, "show_if", *sub], message)
                    for sub, message in _condition_errors(repr(key), condition, types)
                )
            types[key] = question
    for s_index, section in enumerate(content["sections"]):
        for q_index, question in enumerate(section["questions"]):
            for old in question.get("renamed_from", []):
                if old in types:
                    yield (
                        ["sections", s_index, "questions", q_index, "renamed_from"],
                        f"renamed_from {old!r} is still a question in this set",
                    )


def _duplicates(options: list[dict[str, Any]]) -> bool:
    values = [o["value"] for o in options]
    return len(values) != len(set(values))


def _question_errors(question: dict[str, Any]) -> Iterator[tuple[list[str | int], str]]:
    key = question["key"]
    if _duplicates(question.get("options", [])):
        yield ["options"], f"question {key!r} has duplicate option values"
    scale = question.get("scale")
    if scale and scale["min"] >= scale["max"]:
        yield ["scale"], f"the scale of {key!r} must have min below max"
    if "matrix" in question:
        yield from _matrix_errors(["matrix"], key, question["matrix"])
    column_keys: set[str] = set()
    for c_index, column in enumerate(question.get("columns", [])):
        where: list[str | int] = ["columns", c_index]
        if column["key"] in column_keys:
            yield [*where, "key"], f"question {key!r} has two columns {column['key']!r}"
        column_keys.add(column["key"])
        if _duplicates(column.get("options", [])):
            yield [*where, "options"], f"column {column['key']!r} has duplicate option values"
        if "matrix" in column:
            yield from _matrix_errors([*where, "matrix"], key, column["matrix"])


def _matrix_errors(
    where: list[str | int], key: str, matrix: dict[str, Any]
) -> Iterator[tuple[list[str | int], str]]:
    for axis in ("likelihood", "severity"):
        if _duplicates(matrix[axis]):
            yield [*where, axis], f"the {axis} levels of {key!r} have duplicate values"


def _condition_errors(
    owner: str, condition: dict[str, Any], earlier: dict[str, dict[str, Any]]
) -> Iterator[tuple[list[str | int], str]]:
    """`owner` names what the condition belongs to; `earlier` holds the questions before it."""
    for composite in ("any", "all"):
        for index, part in enumerate(condition.get(composite, [])):
            yield from (
                ([composite, index, *sub], message)
                for sub, message in _condition_errors(owner, part, earlier)
            )
    if "not" in condition:
        yield from (
            (["not", *sub], message)
            for sub, message in _condition_errors(owner, condition["not"], earlier)
        )
    if "question" in condition:
        yield from _test_errors(owner, condition, earlier)


def _test_errors(
    owner: str, condition: dict[str, Any], earlier: dict[str, dict[str, Any]]
) -> Iterator[tuple[list[str | int], str]]:
    target_key = condition["question"]
    target = earlier.get(target_key)
    if owner == repr(target_key):
        yield ["question"], f"question {target_key!r} cannot depend on itself"
        return
    if target is None:
        yield (
            ["question"],
            f"show_if of {owner} refers to {target_key!r}, which is not an earlier question",
        )
        return
    kind = target["type"]
    if kind == "informational":
        yield ["question"], f"{target_key!r} is informational: it has no answer to depend on"
        return
    options = [o["value"] for o in target.get("options", [])]
    if "in" in condition:
        if kind not in ("choice", "multichoice"):
            yield ["in"], f"'in' needs a choice question; {target_key!r} is {kind}"
            return
        for value in condition["in"]:
            if value not in options:
                yield ["in"], f"{value!r} is not an option of {target_key!r}"
    if "min_selected" in condition and kind != "multichoice":
        yield ["min_selected"], f"'min_selected' needs a multichoice; {target_key!r} is {kind}"
    if "equals" in condition:
        value = condition["equals"]
        if kind == "yesno" and not isinstance(value, bool):
            yield ["equals"], f"{target_key!r} is yes/no: use equals: true or false"
        elif kind in ("choice", "multichoice") and value not in options:
            yield ["equals"], f"{value!r} is not an option of {target_key!r}"
        elif kind in ("scale", "table", "risk", "actions"):
            yield ["equals"], f"{target_key!r} is a {kind}: use answered: true"


def load_set(text: str, path: str) -> LoadedSet:
    """Validate a questionnaire set's YAML text; raise QuestionnaireInvalid with every error."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise QuestionnaireInvalid([LintError(path, 1, 1, "file is larger than 2 MB")])
    root = parse_yaml(text, path)
    content = _plain(root)
    if not isinstance(content, dict):
        raise QuestionnaireInvalid([LintError(path, 1, 1, "a questionnaire set is a mapping")])
    errors = [
        LintError(path, *_position(root, where), message)
        for where, message in map(_schema_error, _validator().iter_errors(content))
    ]
    if not errors:
        errors = [
            LintError(path, *_position(root, where), message)
            for where, message in _semantic_errors(content)
        ]
    if errors:
        raise QuestionnaireInvalid(sorted(errors, key=lambda e: (e.line, e.column)))
    canonical = canonical_json(content)
    return LoadedSet(
        content=content,
        canonical_json=canonical,
        content_hash=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


def load_file(path: Path) -> LoadedSet:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QuestionnaireInvalid([LintError(str(path), 1, 1, "file is not UTF-8 text")]) from None
    return load_set(text, str(path))


def set_files(paths: list[Path]) -> list[Path]:
    """The YAML files named, with folders searched recursively."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")))
        else:
            found.append(path)
    return found
