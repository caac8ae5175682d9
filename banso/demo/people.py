"""The demo organizations and logins (fictional). Shared by seed_demo and demo_logins."""

DEMO_PASSWORD = "banso-demo-2026"

BANK = {"slug": "minato-bank", "name": "みなと地域銀行", "kind": "bank"}
OFFICE = {"slug": "sakura-office", "name": "さくら経営診断事務所", "kind": "professional"}

# username, full name, organization slug, role, what the login shows
USERS = [
    (
        "orgadmin",
        "佐藤 健一",
        "minato-bank",
        "org_admin",
        "銀行の管理者: 全事業者を閲覧・編集、担当割当・削除",
    ),
    ("advisor", "田中 美咲", "minato-bank", "supporter", "銀行の支援者: 担当する大半の事業者"),
    ("viewer", "高橋 誠", "minato-bank", "viewer", "銀行の閲覧者: 全事業者を閲覧のみ"),
    (
        "advisor2",
        "山本 由紀",
        "sakura-office",
        "supporter",
        "診断士事務所の支援者: 別組織（銀行の事業者は見えません）",
    ),
    ("owner", "丸山 浩二", "minato-bank", "owner", "事業者（丸山精工）の経営者: 自社のみ"),
]
OFFICE_ADMIN = ("office-admin", "中村 直子", "sakura-office", "org_admin", "診断士事務所の管理者")

# The third organization: a 信用金庫 that lends to 丸山精工 and reads what it shares (banso/demo/sharing.py).
SHINKIN = {"slug": "shinkin", "name": "みなと信用金庫", "kind": "bank"}
LENDER = (
    "lender",
    "小林 亮",
    "shinkin",
    "supporter",
    "信用金庫の担当者: 丸山精工が共有した範囲だけを閲覧（共有を受けている事業者）",
)

# The fourth organization: a 商工会議所 in the regional network (banso/demo/knowledge.py), and the system
# operator who manages networks (/operator/networks/).
CCI = {"slug": "minato-cci", "name": "みなと商工会議所", "kind": "chamber"}
CCI_ADVISOR = (
    "cci-advisor",
    "木村 翔太",
    "minato-cci",
    "supporter",
    "商工会議所の経営指導員: ネットワークで共有された事例を読む",
)
OPERATOR = (
    "operator",
    "システム 管理者",
    "",
    "superuser",
    "システム管理者: ネットワークの作成と参加機関の追加",
)
