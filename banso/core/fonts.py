"""The embedded Japanese font for PDFs and charts: IPAex Gothic (its licence allows embedding).

It comes from the matplotlib-fontja wheel (a declared dependency) or Debian's fonts-ipaexfont-gothic;
it is never committed to the repository. reportlab cannot use CFF OpenType (Noto CJK .otf/.ttc).
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

FONT_NAME = "IPAexGothic"

_DEBIAN_PATHS = (
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf"),
)


class FontMissingError(RuntimeError):
    pass


def font_path() -> Path:
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec and spec.origin:
        candidate = Path(spec.origin).parent / "fonts" / "ipaexg.ttf"
        if candidate.exists():
            return candidate
    for candidate in _DEBIAN_PATHS:
        if candidate.exists():
            return candidate
    raise FontMissingError(
        "日本語フォント (IPAexゴシック) が見つかりません。`make install` を実行してください。"
    )


@functools.cache
def register_japanese_font() -> str:
    """Register IPAex Gothic with reportlab once and return its font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path())))
    return FONT_NAME
