"""The Jinja environment: templates whose blocks double as HTMX fragments (jinja2-fragments),
translated through the request's language, with a few filters for what every page shows."""

import hashlib
import json
from datetime import datetime
from functools import lru_cache

import jinja2
from jinja2_fragments.fastapi import Jinja2Blocks

from app.access import role_name
from app.i18n import current_language, gettext, ngettext
from app.models.base import as_utc
from app.settings import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
TEMPLATE_DIR = PROJECT_ROOT / "templates"


@lru_cache(maxsize=512)
def static_url(path: str) -> str:
    """A URL with the file's content hash, so browsers may cache static files for a year."""
    digest = hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]
    return f"/static/{path}?v={digest}"


def format_moment(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return as_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def dom_id(key: str) -> str:
    """Question keys contain dots ("a.1"), which CSS selectors would read as classes."""
    return key.replace(".", "__")


def short_hash(value: str | None) -> str:
    return value[:12] if value else ""


def _build() -> Jinja2Blocks:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["static_url"] = static_url
    env.globals["language"] = current_language.get
    env.globals["role_name"] = role_name
    env.globals["dom_id"] = dom_id
    env.filters["moment"] = format_moment
    env.filters["short_hash"] = short_hash
    env.filters["tojson_attr"] = lambda value: json.dumps(value, ensure_ascii=False)
    return Jinja2Blocks(env=env)


templates = _build()
