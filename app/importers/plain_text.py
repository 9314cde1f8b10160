"""HTML in an instrument's texts, as plain text: tags stripped, entities decoded, the content of
script and style dropped, paragraphs and list items kept as line breaks, link targets written
after the link text. Levend's texts never carry markup."""

import re
from html.parser import HTMLParser

# Elements whose content is not text for a reader.
_DROPPED = frozenset(
    {"script", "style", "template", "noscript", "head", "title", "iframe", "object", "svg", "math"}
)
# Elements that start and end a paragraph.
_PARAGRAPHS = frozenset(
    {
        "p", "div", "section", "article", "aside", "header", "footer", "main", "nav", "blockquote",
        "pre", "figure", "figcaption", "table", "address", "details", "summary", "form", "fieldset",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl",
    }
)  # fmt: skip
# Elements that start and end a line.
_LINES = frozenset({"li", "tr", "dt", "dd", "caption", "ul", "ol"})

# Markers for line and paragraph breaks while the text is built; no text contains them.
_LINE = "\x01"
_PARAGRAPH = "\x02"
_BREAKS = re.compile(r"[\s\x01\x02]*[\x01\x02][\s\x01\x02]*")
# A bullet written as text at the start of a line ("• item") keeps its line.
_TEXT_BULLET = re.compile(r"\n(?=[ \t]*[•▪◦‣∙·\-*] )")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Soft hyphens and zero-width characters: invisible in a browser, noise in plain text.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Anything shaped like a tag that is left: one cut off at the end, or one written with entities
# (&lt;b&gt;). Levend's texts never hold markup, not even markup meant to be shown.
_LEFTOVER_TAG = re.compile(r"</?[A-Za-z!][^<>]*(>|$)")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0
        self.lists: list[list[int | str]] = []  # per open list: its tag and the items so far
        self.links: list[tuple[str, int]] = []  # per open link: its target, where its text starts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropping += 1
            return
        if self.dropping:
            return
        if tag == "br":
            self.parts.append(_LINE)
        elif tag in _PARAGRAPHS:
            self.parts.append(_PARAGRAPH)
        elif tag in ("ul", "ol"):
            self.parts.append(_LINE)
            self.lists.append([tag, 0])
        elif tag == "li":
            self.parts.append(_LINE)
            self.parts.append(self._bullet())
        elif tag in _LINES:
            self.parts.append(_LINE)
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append((href.strip(), len(self.parts)))
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            if alt:
                self.parts.append(f" [{alt}] ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <img ... />: nothing to close afterwards.
        if tag not in _DROPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping:
            return
        if tag in _PARAGRAPHS:
            self.parts.append(_PARAGRAPH)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.parts.append(_LINE)
        elif tag in _LINES:
            self.parts.append(_LINE)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            shown = "".join(p for p in self.parts[start:] if p not in (_LINE, _PARAGRAPH))
            if _is_web_link(href) and href not in shown:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        # The text's own layout: a blank line is a paragraph, a bullet starts a line, any other
        # line break is a space (as HTML would show it).
        for number, paragraph in enumerate(_BLANK_LINE.split(data.replace("\r\n", "\n"))):
            if number:
                self.parts.append(_PARAGRAPH)
            for index, line in enumerate(_TEXT_BULLET.split(paragraph)):
                if index:
                    self.parts.append(_LINE)
                self.parts.append(line.replace("\n", " "))

    def _bullet(self) -> str:
        if not self.lists:
            return "- "
        current = self.lists[-1]
        if current[0] == "ol":
            current[1] = int(current[1]) + 1
            return f"{current[1]}. "
        return "- "


def _is_web_link(href: str) -> bool:
    return href.lower().startswith(("http://", "https://", "mailto:"))


def _tidy(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    text = _BREAKS.sub(lambda m: "\n\n" if _PARAGRAPH in m.group() else "\n", text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(lines).strip()


def html_to_text(html: str) -> str:
    """Plain text of `html` (which may also be plain text already)."""
    if "<" not in html and "&" not in html:
        return _tidy(_TEXT_BULLET.sub(_LINE, _BLANK_LINE.sub(_PARAGRAPH, html)).replace("\n", " "))
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return _tidy(_LEFTOVER_TAG.sub("", "".join(parser.parts)))
