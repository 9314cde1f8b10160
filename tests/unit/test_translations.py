"""Every UI string in the code and templates has a Dutch translation with the same placeholders."""

import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.i18n import LOCALE_DIR
from app.settings import PROJECT_ROOT

METHODS = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _source_messages() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        PROJECT_ROOT, METHODS, OPTIONS, KEYWORDS
    ):
        found.add(message)
    return found


def test_every_ui_string_is_translated_to_dutch() -> None:
    with (LOCALE_DIR / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale="nl")
    translated = {
        m.id: m.string for m in catalogue if m.id and not m.fuzzy and m.string and all(m.string)
    }
    missing = sorted(str(m) for m in _source_messages() if m not in translated)
    assert not missing, "run `make messages` and translate: " + "; ".join(missing)


def test_translations_keep_their_placeholders() -> None:
    with (LOCALE_DIR / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale="nl")
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == wanted, message.id


# `_("…")` inside an f-string's braces, which the extractor above never sees (Python 3.11
# tokenises an f-string as one string), so the test above could not tell it is untranslated.
TRANSLATED_IN_F_STRING = re.compile(r"""\bf(["']).*?\{\s*(_|gettext|ngettext)\(""")


def test_no_ui_string_hides_in_an_f_string() -> None:
    hidden = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}"
        for path in sorted((PROJECT_ROOT / "app").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TRANSLATED_IN_F_STRING.search(line)
    ]
    assert hidden == [], (
        "translate outside the f-string, where the extractor sees it:\n" + "\n".join(hidden)
    )
