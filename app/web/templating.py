"""The Jinja environment: templates whose blocks double as HTMX fragments (jinja2-fragments),
translated through the request's language, with a few filters for what every page shows."""

import hashlib
from datetime import datetime
from functools import lru_cache
from typing import Any

import jinja2
from jinja2.runtime import Context
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup

from app.access import role_name
from app.i18n import LANGUAGES, current_language, gettext, ngettext, translations
from app.models.base import as_utc
from app.settings import PROJECT_ROOT, get_settings

STATIC_DIR = PROJECT_ROOT / "static"
TEMPLATE_DIR = PROJECT_ROOT / "templates"


@lru_cache(maxsize=512)
def static_digest(path: str) -> str | None:
    """The content hash of a file under static/, or None for anything else (no `..` escapes)."""
    root = STATIC_DIR.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return hashlib.sha256(target.read_bytes()).hexdigest()[:10]


def static_url(path: str) -> str:
    """A URL with the file's content hash, so browsers may cache static files for a year."""
    digest = static_digest(path)
    if digest is None:
        raise FileNotFoundError(f"static/{path}")
    return f"/static/{path}?v={digest}"


def format_moment(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return as_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def dom_id(key: str) -> str:
    """Question keys contain dots ("a.1"), which CSS selectors would read as classes."""
    return key.replace(".", "__")


@lru_cache(maxsize=4096)
def _fixed_text(language: str, message: str) -> Markup:
    # Our own catalogue's text, trusted as Jinja's gettext trusts it; `%` escapes the values.
    return Markup(translations(language).gettext(message)) % {}  # noqa: S704


@jinja2.pass_context
def template_gettext(context: Context, message: str, **variables: Any) -> str:
    """`_()` in templates: what Jinja's newstyle gettext returns (escaped, `%` formatting
    applied even without variables). A form page asks for some sixty texts without variables,
    which took a quarter of its rendering; those are translated and escaped once per language."""
    if not variables and context.eval_ctx.autoescape:
        return _fixed_text(current_language.get(), message)
    translated = gettext(message)
    if context.eval_ctx.autoescape:
        return Markup(translated) % variables  # noqa: S704  (as above)
    return translated % variables


def _build() -> Jinja2Blocks:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # Checking every template file for changes on each render is for development only.
        auto_reload=get_settings().env == "development",
    )
    # The i18n extension adds this method at run time; the Environment stubs do not know it.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    # `{% trans %}` blocks call `gettext`; Jinja's `_` looks `gettext` up on every call, and
    # each look-up and call costs a few microseconds: give `_` the function itself.
    env.globals["gettext"] = env.globals["_"] = template_gettext
    env.globals["static_url"] = static_url
    env.globals["language"] = current_language.get
    env.globals["role_name"] = role_name
    env.globals["dom_id"] = dom_id
    env.filters["moment"] = format_moment
    if not env.auto_reload:
        # Compiled once here, before a preforking server forks: the workers then share the
        # compiled templates instead of each compiling its own on its first requests.
        for name in env.list_templates(extensions=["html"]):
            env.get_template(name)
        # Likewise the catalogues, read from the .po files on first use.
        for language in LANGUAGES:
            translations(language)
    return Jinja2Blocks(env=env)


templates = _build()
