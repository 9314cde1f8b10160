"""An instrument file in, a Levend set out: read YAML or JSON, recognise the format from the
content, convert, and write the set with the import's notes as comments at its top."""

import io
import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from app.importers import par, task_registry
from app.importers.common import ImportFailed, ImportResult
from app.questionnaire.loader import LoadedSet, QuestionnaireInvalid, load_set, parse_yaml

MAX_INPUT_BYTES = 20 * 1024 * 1024
FORMATS = (
    "a task-registry instrument (urn, and tasks with a question) or a PAR assessment "
    "definition (tasks with id, task and type)"
)

Converter = Callable[..., ImportResult]


def read_instrument(path: Path) -> Any:
    """The file's data as plain dicts and lists; ImportFailed says why there is none."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except OSError as error:
        raise ImportFailed(f"{path}: cannot read it ({error.strerror})") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise ImportFailed(f"{path}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(f"{path}: not UTF-8 text") from None
    empty = f"{path} is empty: expected {FORMATS}, in YAML or JSON"
    if not text.strip():
        raise ImportFailed(empty)
    if _looks_like_json(path, text):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFailed(
                f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
            ) from None
    try:
        data = parse_yaml(text, str(path))
    except QuestionnaireInvalid as invalid:
        first = invalid.errors[0]
        problem = first.message.removeprefix("YAML: ")
        raise ImportFailed(
            f"{first.path}:{first.line}:{first.column}: not valid YAML: {problem}"
        ) from None
    if data is None:
        raise ImportFailed(empty)
    return _plain(data)


def _looks_like_json(path: Path, text: str) -> bool:
    if path.suffix.lower() == ".json":
        return True
    return path.suffix.lower() not in (".yaml", ".yml") and text.lstrip().startswith("{")


def _plain(node: Any) -> Any:
    """ruamel's containers as plain dicts and lists (aliases resolved, as YAML means them)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def converter_for(data: Any, path: Path) -> Converter:
    """The importer for the file's format, recognised from its content."""
    if task_registry.looks_like(data):
        return task_registry.convert
    if par.looks_like(data):
        return par.convert
    if isinstance(data, dict) and "answers" in data and "metadata" in data:
        metadata = data["metadata"] if isinstance(data["metadata"], dict) else {}
        made_with = f" ({metadata['urn']})" if metadata.get("urn") else ""
        raise ImportFailed(
            f"{path} holds the answers of a filled-in PAR assessment, not its definition: "
            f"import the definition it was made with{made_with}"
        )
    found = "" if isinstance(data, dict) else f" (its top level is a {_kind_of(data)})"
    raise ImportFailed(f"{path} is not an instrument Levend can import{found}: expected {FORMATS}")


def _kind_of(data: Any) -> str:
    if isinstance(data, list):
        return "list"
    if isinstance(data, str):
        return "text"
    return type(data).__name__


def import_instrument(
    path: Path, *, key: str | None = None, version: str | None = None
) -> ImportResult:
    """Read and convert one instrument file; `key` and `version` replace the ones derived from
    the instrument."""
    data = read_instrument(path)
    result: ImportResult = converter_for(data, path)(data, source_name=path.name)
    if key:
        result.content["key"] = key
    if version:
        result.content["version"] = version
    return result


def render_set(result: ImportResult) -> str:
    """The set as YAML, the import's notes as comments at the top."""
    yaml = YAML(typ="rt")
    yaml.width = 4096  # a text on one line, as in the hand-written sets
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(_styled(result.content), stream)
    return _header(result) + stream.getvalue()


def checked_set(result: ImportResult, path: str) -> tuple[str, LoadedSet]:
    """The set's YAML and the set as `levend lint` and `levend load` read it; raises
    QuestionnaireInvalid (with positions in that YAML) when it is not a valid set."""
    text = render_set(result)
    return text, load_set(text, path)


def _styled(node: Any, key: str = "") -> Any:
    """Multi-line texts as literal blocks, short lists of slugs on one line."""
    if isinstance(node, dict):
        return {k: _styled(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_styled(v) for v in node]
        if key in ("roles", "in"):
            flow = CommentedSeq(items)
            flow.fa.set_flow_style()
            return flow
        return items
    if isinstance(node, str) and "\n" in node:
        return LiteralScalarString(node)
    return node


def _header(result: ImportResult) -> str:
    lines = [
        f"Imported by `levend questionnaire import` from {result.source_name} "
        f"({result.format}). Read it through, translate the texts marked with their "
        "original language, then `levend lint` and `levend load` it.",
        "",
    ]
    if result.notes:
        lines.append(f"Not carried over as it was ({len(result.notes)}):")
        for note in result.notes:
            lines.extend(
                textwrap.wrap(
                    f"- {' '.join(str(note).split())}",
                    width=96,
                    subsequent_indent="  ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
    else:
        lines.append("Everything was carried over.")
    wrapped = textwrap.wrap(lines[0], width=96, break_on_hyphens=False)
    return "".join(f"# {line}\n" if line else "#\n" for line in wrapped + lines[1:]) + "\n"
