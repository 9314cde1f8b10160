"""`_()` in templates: translated in the request's language, escaped as Jinja's own newstyle
gettext does it, whether the text is fixed (and kept) or has values."""

from app.i18n import current_language
from app.web.templating import templates


def _render(source: str, language: str) -> str:
    token = current_language.set(language)
    try:
        return templates.env.from_string(source).render()
    finally:
        current_language.reset(token)


def test_fixed_texts_follow_the_language_of_each_request() -> None:
    assert _render('{{ _("Saved") }}', "nl") == "Opgeslagen"
    assert _render('{{ _("Saved") }}', "en") == "Saved"
    assert _render('{{ _("Saved") }}', "nl") == "Opgeslagen"


def test_values_are_escaped_and_the_text_is_not() -> None:
    assert _render('{{ _("row %(n)d", n=3) }}', "nl") == "rij 3"
    assert _render('{{ _("%(name)s", name="<b>") }}', "en") == "&lt;b&gt;"


def test_a_fixed_text_is_formatted_as_with_values() -> None:
    # Jinja formats every newstyle text, so `%%` reads as one `%` with or without values.
    assert _render('{{ _("100%% done") }}', "en") == "100% done"
    assert _render('{{ gettext("Saved") }}', "nl") == "Opgeslagen"
