"""ロカベン業種 (docs/domain.md §3.3): the company's industry field, as the local benchmark names it.

Plain data, no Django: the diagnosis engine reads it too.
"""

MAJOR_INDUSTRIES: dict[str, str] = {
    "01": "農業",
    "02": "建設業",
    "03": "製造業",
    "04": "卸売業",
    "05": "小売業",
    "06": "飲食業",
    "07": "不動産業",
    "08": "運輸業",
    "09": "エネルギー",
    "10": "サービス業",
    "11": "医療業",
    "12": "保健衛生・廃棄物処理業",
    "13": "観光業",
    "14": "その他",
}

INDUSTRIES: dict[str, str] = {
    "0101": "農業",
    "0201": "建設業",
    "0301": "食料品・飼料・飲料製造業",
    "0302": "化学工業・関連製品製造業",
    "0303": "鉄鋼業・非鉄金属製造業",
    "0304": "金属製品製造業",
    "0305": "一般・電気機械器具製造業",
    "0306": "その他の製造業",
    "0401": "化学製品卸売業",
    "0402": "繊維関連製品卸売業",
    "0403": "食料品卸売業",
    "0404": "その他の卸売業",
    "0501": "小売業",
    "0601": "飲食業",
    "0701": "不動産業",
    "0801": "運輸業",
    "0901": "エネルギー",
    "1001": "物品賃貸業",
    "1002": "娯楽業",
    "1003": "広告・調査・情報サービス業",
    "1004": "事業サービス業",
    "1005": "専門サービス業",
    "1006": "その他のサービス業",
    "1101": "医療業",
    "1201": "保健衛生・廃棄物処理業",
    "1301": "観光業",
    "1400": "その他",
}


def industry_label(code: str) -> str:
    """'0304 金属製品製造業' style label; the major group is shown when it adds information."""
    name = INDUSTRIES.get(code, "")
    major = MAJOR_INDUSTRIES.get(code[:2], "")
    if major and major not in name:
        return f"{major}（{name}）"
    return name or code


INDUSTRY_CHOICES = [(code, industry_label(code)) for code in INDUSTRIES]
