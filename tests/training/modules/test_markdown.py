"""A module's Markdown: what survives the rendering and the cleaning, and what never does."""
from html.parser import HTMLParser

import pytest

from training.modules.markdown import render_markdown

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://example.com"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">hi</p>',
    "![x](https://tracker.example.com/pixel.png)",
    '<svg onload="alert(1)"></svg>',
]


class Elements(HTMLParser):
    """The elements of an HTML fragment as (tag, attributes): what a browser would build, not the text."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("attack", ATTACKS)
def test_nothing_that_runs_or_loads_survives(attack):
    assert_harmless(str(render_markdown(attack)))


def assert_harmless(html: str) -> None:
    for tag, attributes in Elements(html).found:
        assert tag not in {"script", "iframe", "svg", "object", "embed", "style"}, html
        assert not any(name.startswith("on") or name == "style" for name in attributes), html
        for name in ("href", "src"):
            if name in attributes:
                assert attributes[name].lower().startswith(("https:", "http:", "mailto:")), html
        assert "tracker.example.com" not in attributes.get("src", ""), html


def test_raw_html_is_shown_as_text():
    assert str(render_markdown("<b>bold?</b>")) == "<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n"


def test_markdown_renders_headings_lists_emphasis_code_quotes_and_tables():
    html = str(render_markdown("# Title\n\n- *one*\n- **two**\n\n> quoted\n\n`code`\n\n```\nblock\n```\n\n"
                               "| a | b |\n|:-:|--:|\n| 1 | 2 |\n"))
    for part in ("<h1>Title</h1>", "<li><em>one</em></li>", "<li><strong>two</strong></li>", "<blockquote>",
                 "<code>code</code>", "<pre><code>block", "<table>", '<th class="align-center">a</th>',
                 '<td class="align-right">2</td>'):
        assert part in html, (part, html)


def test_links_keep_safe_schemes_and_never_pass_on_the_referrer():
    html = str(render_markdown("[a](https://example.com/x) [b](mailto:help@example.com) [c](/coaching/) "
                               "[d](ftp://example.com)"))
    assert '<a href="https://example.com/x" rel="noopener noreferrer nofollow">a</a>' in html
    assert 'href="mailto:help@example.com"' in html
    assert 'href="/coaching/"' not in html and "ftp:" not in html


def test_images_only_from_the_modules_own_attachments():
    own = "/coaching/modules/3/attachments/7"
    html = str(render_markdown(f"![ours]({own}) ![theirs](/coaching/modules/4/attachments/9)", images=[own]))
    assert f'<img src="{own}" alt="ours">' in html
    assert "/coaching/modules/4/" not in html


def test_empty_text_is_empty():
    assert render_markdown(None) == "" and render_markdown("") == ""



@pytest.mark.parametrize("attack", ATTACKS)
def test_the_cleaning_alone_stops_them_if_the_parser_ever_let_html_through(monkeypatch, attack):
    from markdown_it import MarkdownIt

    from training.modules import markdown

    monkeypatch.setattr(markdown, "_parser", MarkdownIt("commonmark", {"html": True}))
    html = str(markdown.render_markdown(f"{attack}\n\n<em>kept</em>"))
    assert_harmless(html)
    assert "<em>kept</em>" in html, "the parser really passed HTML through to the cleaning"
