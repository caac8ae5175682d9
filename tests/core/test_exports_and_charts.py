"""Exporter helpers: safe file names, formula-injection guard, PDFs with an embedded Japanese font, charts."""

import base64

from banso.core import charts, pdf
from banso.core.exporters import PDF, ExportFile, download_response, safe_filename
from banso.core.xlsx import safe_text, sheet_title


def test_safe_filename_keeps_japanese_and_drops_path_characters():
    assert safe_filename("支援経過報告書", "株式会社A/B:C", "2026年11月", extension="pdf") == (
        "支援経過報告書_株式会社A_B_C_2026年11月.pdf"
    )


def test_download_response_names_the_file_in_utf8():
    response = download_response(ExportFile("報告書_丸山精工.pdf", PDF, b"%PDF"))
    assert "filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8" in response["Content-Disposition"]
    assert response["Content-Type"] == PDF


def test_user_text_never_becomes_a_formula():
    assert safe_text('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_text("-1+2") == "'-1+2"
    assert safe_text("売上") == "売上"
    assert safe_text(5) == 5
    assert sheet_title("2026/3期:計画[案]") == "2026_3期_計画_案_"


def test_pdf_embeds_the_japanese_font_and_numbers_pages():
    from reportlab.platypus import PageBreak, Paragraph

    st = pdf.styles()
    content = pdf.build_pdf(
        pdf.PageInfo(title="支援経過報告書", company_name="有限会社丸山精工", period="2026年11月"),
        [Paragraph("対話と傾聴", st["body"]), PageBreak(), Paragraph("自走化", st["body"])],
    )
    assert content.startswith(b"%PDF")
    assert b"IPAexGothic" in content
    assert b"/FontFile2" in content  # the TrueType font program is embedded, not referenced
    assert content.count(b"/Type /Page\n") + content.count(b"/Type /Page ") >= 2 or b"/Count 2" in content


def test_charts_render_as_svg_for_the_page():
    drawing = charts.radar_chart(["①", "②", "③"], [charts.Series("2026年3月期", [5, 3, None])])
    uri = charts.svg_data_uri(drawing)
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert uri.startswith("data:image/svg+xml;base64,")
    assert "<svg" in svg and "2026年3月期" in svg
