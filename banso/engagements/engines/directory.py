"""The national support bodies every regional directory starts with (docs/domain.md §6), as plain data.

The body types themselves are guideline.SUPPORT_BODY_TYPE_CHOICES. Four of them exist once per
prefecture (or region) under a name that follows a national pattern, so Banso can add them for an
organization in one step (「よく使う支援機関を追加」); the others — the local 商工会・商工会議所,
士業, 金融機関, the prefecture's own support centre — have local names and are entered by hand.
No Django import: the domain function (domain.referrals.add_standard_support_bodies), the demo and
the management command use this module.
"""

from __future__ import annotations

from dataclasses import dataclass

# The forms and the domain read the list from here (re-exported).
from banso.core.japanese import PREFECTURES as PREFECTURES
from banso.core.japanese import is_prefecture

# 中小企業基盤整備機構 (中小機構): the regional office that covers each prefecture.
_SMRJ_OFFICES = {
    "北海道本部": ("北海道",),
    "東北本部": ("青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"),
    "関東本部": (
        "茨城県",
        "栃木県",
        "群馬県",
        "埼玉県",
        "千葉県",
        "東京都",
        "神奈川県",
        "新潟県",
        "山梨県",
        "長野県",
    ),
    "中部本部": ("岐阜県", "静岡県", "愛知県", "三重県"),
    "北陸本部": ("富山県", "石川県", "福井県"),
    "近畿本部": ("滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県"),
    "中国本部": ("鳥取県", "島根県", "岡山県", "広島県", "山口県"),
    "四国本部": ("徳島県", "香川県", "愛媛県", "高知県"),
    "九州本部": ("福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県"),
    "沖縄事務所": ("沖縄県",),
}
SMRJ_OFFICE_BY_PREFECTURE = {pref: office for office, prefs in _SMRJ_OFFICES.items() for pref in prefs}


@dataclass(frozen=True)
class StandardBody:
    body_type: str
    name_pattern: str  # {prefecture} / {smrj_office}
    specialties: str

    def name_for(self, prefecture: str) -> str:
        return self.name_pattern.format(
            prefecture=prefecture, smrj_office=SMRJ_OFFICE_BY_PREFECTURE.get(prefecture, "")
        )


STANDARD_BODIES: tuple[StandardBody, ...] = (
    StandardBody(
        "yorozu",
        "{prefecture}よろず支援拠点",
        "売上拡大・経営改善など経営上のあらゆる相談に無料で対応（国が各都道府県に設置）。"
        "販路開拓・IT活用・商品づくりなどの専門家が在籍。",
    ),
    StandardBody(
        "revitalization_council",
        "{prefecture}中小企業活性化協議会",
        "収益力改善・事業再生・再チャレンジの支援。早期経営改善計画・経営改善計画（405事業）の窓口。",
    ),
    StandardBody(
        "succession_center",
        "{prefecture}事業承継・引継ぎ支援センター",
        "親族内・従業員への承継計画づくり、第三者への事業引継ぎ（M&A）の相談とマッチング。",
    ),
    StandardBody(
        "smrj",
        "中小企業基盤整備機構 {smrj_office}",
        "専門家の継続派遣（ハンズオン支援）、経営相談、販路開拓・人材育成・IT導入の支援。",
    ),
)
STANDARD_BODY_TYPES = tuple(body.body_type for body in STANDARD_BODIES)


def standard_bodies(prefecture: str) -> list[tuple[StandardBody, str]]:
    """The standard bodies for a prefecture with their names, e.g. 静岡県よろず支援拠点."""
    if not is_prefecture(prefecture):
        raise ValueError(prefecture)
    return [(body, body.name_for(prefecture)) for body in STANDARD_BODIES]
