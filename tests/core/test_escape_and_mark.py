"""core.text.escape_and_mark: the one place markup is built from user text (no database)."""

import pathlib

from django.template import Context, Template

from banso.core.text import Html, escape_and_mark, merged_spans

ROOT = pathlib.Path(__file__).resolve().parents[2] / "banso"


def test_hostile_html_shows_literally_and_only_our_marks_are_markup():
    text = '<script>alert("在庫")</script><img src=x onerror=1>&amp;'
    start = text.index("在庫")
    out = escape_and_mark(text, [(start, start + 2)])
    assert out == (
        "&lt;script&gt;alert(&quot;<mark>在庫</mark>&quot;)&lt;/script&gt;"
        "&lt;img src=x onerror=1&gt;&amp;amp;"
    )
    assert "<script" not in out and "<img" not in out


def test_the_marks_survive_the_templates_autoescape_and_the_rest_stays_escaped():
    out = escape_and_mark("<b>原価</b>", [(3, 5)], prefix="…", suffix="…")
    assert isinstance(out, Html) and isinstance(out, str)
    rendered = Template("{{ value }}").render(Context({"value": out}))
    assert rendered == "…&lt;b&gt;<mark>原価</mark>&lt;/b&gt;…"
    plain = Template("{{ value }}").render(Context({"value": str(out)}))
    assert "&lt;mark&gt;" in plain, "a plain str copy is escaped again: only Html is trusted"


def test_overlapping_and_touching_terms_are_one_mark():
    assert merged_spans([(4, 6), (0, 3), (2, 5), (6, 8), (9, 9)]) == [(0, 8)]
    assert escape_and_mark("在庫過剰在庫", [(0, 3), (1, 4), (4, 6)]) == "<mark>在庫過剰在庫</mark>"
    assert escape_and_mark("abcdef", [(1, 2), (4, 5)]) == "a<mark>b</mark>cd<mark>e</mark>f"


def test_spans_outside_the_text_are_clipped():
    assert escape_and_mark("abc", [(2, 10)]) == "ab<mark>c</mark>"
    assert escape_and_mark("", [(0, 3)]) == ""


def test_mark_safe_is_used_only_in_core():
    outside = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "mark_safe" in path.read_text(encoding="utf-8") and path.parent.name != "core"
    ]
    assert outside == []
