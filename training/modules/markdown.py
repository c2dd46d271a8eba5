"""A module's Markdown, made safe to show: rendered with raw HTML off, then cleaned again on an allow-list.

Two walls, because one parser bug should not be a script on every agent's screen: markdown-it renders
CommonMark (plus tables) with HTML disabled, so `<script>` in the text arrives as text; nh3 then keeps only
the tags and attributes below. Links keep http, https and mailto targets only; images only the module's own
attachments (their URLs are passed in), so a module cannot load anything from elsewhere.
"""
from __future__ import annotations

from collections.abc import Collection

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "em", "strong", "code", "pre",
        "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a", "img"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
LINK_SCHEMES = ("http:", "https:", "mailto:")
# Table cells' alignment, as classes: style attributes never survive the cleaning.
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}

_parser = MarkdownIt("commonmark", {"html": False}).enable("table")


def _alignment_as_classes(state) -> None:
    """markdown-it aligns table cells with style="text-align:…"; turn that into a class nh3 may keep."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and token.attrs.get("style"):
            side = str(token.attrs.pop("style")).removeprefix("text-align:")
            if f"align-{side}" in ALIGN_CLASSES:
                token.attrs["class"] = f"align-{side}"


_parser.core.ruler.push("alignment_as_classes", _alignment_as_classes)


def render_markdown(text: str | None, *, images: Collection[str] = ()) -> Markup:
    """Safe HTML for `text`. `images`: the image URLs it may show (its module's attachments); others go."""
    allowed_images = frozenset(images)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return value if value.lower().startswith(LINK_SCHEMES) else None
        if tag == "img" and attribute == "src":
            return value if value in allowed_images else None
        return value

    html = nh3.clean(_parser.render(text or ""), tags=TAGS, attributes=ATTRIBUTES, attribute_filter=keep,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow",
                     allowed_classes={"th": ALIGN_CLASSES, "td": ALIGN_CLASSES}, strip_comments=True)
    return Markup(html)
