"""Attachments are judged by their content, not their name (engagements.engines.filetypes, no Django)."""

import io
import zipfile

import pytest

from banso.engagements.engines.filetypes import ContentMismatch, sniff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def office_zip(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("議事メモ.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("ホワイトボード.PNG", PNG, "image/png"),
        ("現場.jpeg", JPEG, "image/jpeg"),
        ("旧形式.xls", OLE, "application/vnd.ms-excel"),
        (
            "原価表.xlsx",
            office_zip("xl/"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "議事録.docx",
            office_zip("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("メモ.txt", "社長の言葉をそのまま残す".encode("cp932"), "text/plain"),
        ("数字.csv", "売上,利益\n100,5\n".encode(), "text/csv"),
    ],
)
def test_content_that_matches_its_name_is_accepted(name, content, content_type):
    stream = io.BytesIO(content)
    result = sniff(stream, name=name, extension=name.rsplit(".", 1)[1])
    assert result.content_type == content_type
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("見積書.pdf", EXE),  # an executable renamed .pdf
        ("写真.png", JPEG),  # a JPEG named .png
        ("原価表.xlsx", office_zip("word/")),  # a Word file named .xlsx
        ("原価表.xlsx", b"PK\x03\x04 not really a zip"),
        ("メモ.txt", b"text\x00with a NUL byte"),
        ("スクリプト.txt", b"#!/bin/sh\nrm -rf /\n"),
    ],
)
def test_content_that_does_not_match_its_name_is_refused_in_japanese(name, content):
    with pytest.raises(ContentMismatch) as exc:
        sniff(io.BytesIO(content), name=name, extension=name.rsplit(".", 1)[1])
    assert str(exc.value).startswith(f"「{name}」はファイル名")
    assert "中身の形式が一致しない" in str(exc.value)


def test_text_cut_inside_a_multibyte_character_at_the_end_of_the_head_is_still_text():
    text = ("あ" * 5000).encode("utf-8")  # 15,000 bytes: the 8,192-byte head ends mid-character
    assert sniff(io.BytesIO(text), name="長文.txt", extension="txt").content_type == "text/plain"
