"""The readable text of an HTML e-mail body, without running or fetching anything.

Python's HTMLParser only tokenises, so nothing in the markup is executed, loaded or able to make the
parser backtrack; a regular expression over HTML could do neither job safely.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Content that is not the sender's words: code, styling, and quoted earlier messages (mail clients
# put those in <blockquote>).
_SKIPPED = {"script", "style", "head", "title", "template", "blockquote"}
_BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr",
           "pre", "section", "article", "header", "footer"}


def html_to_text(markup: str) -> str:
    parser = _TextCollector()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.pieces).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BREAKS:
            self.pieces.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BREAKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BREAKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.pieces.append(data)
