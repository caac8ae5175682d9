"""Every text reaches a reportlab flowable through banso.core.pdf: `paragraph` escapes, and only
`markup_paragraph` takes markup (written by code). Nothing else in banso/ builds a Paragraph."""

from __future__ import annotations

import ast
from pathlib import Path

import banso

BANSO = Path(banso.__file__).parent
ALLOWED = BANSO / "core" / "pdf.py"
# reportlab flowables that parse markup in their text.
MARKUP_FLOWABLES = {"Paragraph", "XPreformatted", "ImageAndFlowables"}


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
            if node.module.endswith(".paragraph") or node.module.endswith(".xpreformatted"):
                found.append(f"{path}:{node.lineno} imports {node.module}")
            found += [
                f"{path}:{node.lineno} imports {alias.name}"
                for alias in node.names
                if alias.name in MARKUP_FLOWABLES
            ]
        elif isinstance(node, ast.Import):
            found += [
                f"{path}:{node.lineno} imports {alias.name}"
                for alias in node.names
                if alias.name.startswith("reportlab") and alias.name.endswith((".paragraph", "platypus"))
            ]
        elif isinstance(node, ast.Attribute) and node.attr in MARKUP_FLOWABLES:
            found.append(f"{path}:{node.lineno} uses .{node.attr}")
    return found


def test_no_module_outside_core_pdf_builds_a_paragraph():
    offences = []
    for path in sorted(BANSO.rglob("*.py")):
        if path != ALLOWED:
            offences += _offences(path)
    assert offences == []


def test_the_scan_catches_each_way_of_reaching_paragraph(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from reportlab.platypus import Paragraph, Table\n"
        "from reportlab.platypus.paragraph import Paragraph as P\n"
        "import reportlab.platypus\n"
        "reportlab.platypus.Paragraph('x', None)\n",
        encoding="utf-8",
    )
    assert len(_offences(sample)) == 5
    assert _offences(ALLOWED)  # the one allowed module does import it


def test_paragraph_shows_markup_literally_and_keeps_line_breaks():
    from banso.core.pdf import escape_text, paragraph, styles

    text = '<img src="/etc/passwd"/>\n&amp; <b>太字</b>'
    assert escape_text(text) == '&lt;img src="/etc/passwd"/&gt;<br/>&amp;amp; &lt;b&gt;太字&lt;/b&gt;'
    para = paragraph(text, styles()["body"])
    shown = "".join(str(fragment.text) for fragment in para.frags)
    assert shown == '<img src="/etc/passwd"/>&amp; <b>太字</b>'
    assert paragraph("", styles()["body"], empty="—").frags[0].text == "—"
