"""One way of saying and showing each thing: the main pages, rendered on the demo data for a supporter
and for an owner, carry no retired spelling of a glossary term and no date outside the house formats
(2026/11/05 on screens; 2026年11月5日 in documents and dialogue titles; 11月5日 21:15 for recent times)."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from banso.companies.models import Company
from banso.core import formatting
from banso.diagnosis.models import DesignSheet, NonFinancialSheet
from banso.engagements.models import Dialogue, Engagement

# Retired spelling → the glossary's word (shared/docs/domain.md §1, ux.md "One way of saying").
RETIRED_WORDS = {
    "企業一覧": "事業者一覧",
    "<dt>担当者</dt>": "<dt>支援者</dt> (the company's supporter)",
    '<label for="supporter">担当者': "支援者",
    "ヶ月": "か月",
    "ページ目": "「2 / 6 ページ」 style",
    "4つの視点・商流": "非財務シート",
    "ステップ⑦ 自走化": "⑦ フォローアップ",
}
# Dates that are not zero-padded (2026/1/27, 2026/11/5) and month/day without a year (1/27 10:00).
LOOSE_DATE = re.compile(r"(?<![\d/])20\d\d/(?:\d/\d{1,2}|\d\d/\d)(?![\d/])")
SHORT_DATE_TIME = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2} \d\d:\d\d")
# Text a person typed is theirs, not a format of the app: a non-financial sheet answer's 出典 (e.g.
# "2026/4/10 社長面談") and the values in form fields.
USER_TEXT = re.compile(r'出典[:：]?\s*[^<）]*|value="[^"]*"')
# The local benchmark keeps METI's unit 「ヶ月」, which is also the API contract's unit (shared/docs/api.md).
METI_UNIT_PAGES = ("ローカルベンチマーク",)


def _problems(html: str, *, allow_meti_unit: bool = False) -> list[str]:
    found = [f"{word} (use {better})" for word, better in RETIRED_WORDS.items() if word in html]
    html = USER_TEXT.sub("", html)
    if allow_meti_unit:
        found = [f for f in found if not f.startswith("ヶ月")]
    found += [f"date {m}" for m in LOOSE_DATE.findall(html)]
    found += [f"date {m}" for m in SHORT_DATE_TIME.findall(html)]
    return found


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    company = Company.objects.get(name="有限会社丸山精工")
    engagement = Engagement.objects.filter(company=company, step=6).get()
    return company, engagement


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_main_pages_use_the_glossary_words_and_the_house_date_formats(demo):
    company, engagement = demo
    org = f"/o/{company.organization.slug}"
    c = f"{org}/companies/{company.pk}"
    e = f"{c}/engagements/{engagement.pk}"
    dialogue = Dialogue.objects.filter(engagement=engagement).latest("held_at")
    sheet = NonFinancialSheet.objects.filter(company=company).latest("as_of")
    design = DesignSheet.objects.filter(company=company).latest("as_of")
    supporter_pages = [
        f"{org}/",
        f"{org}/companies/",
        f"{c}/",
        f"{c}/history/",
        f"{c}/engagements/",
        f"{e}/",
        *(f"{e}/steps/{n}/" for n in range(1, 8)),
        f"{e}/suitability/",
        f"{e}/dialogues/",
        f"{e}/dialogues/new/",
        f"{e}/dialogues/{dialogue.pk}/",
        f"{e}/issues/",
        f"{e}/walls/",
        f"{e}/stakeholders/",
        f"{e}/actions/",
        f"{e}/actions/review/",
        f"{e}/referrals/",
        f"{e}/follow-ups/",
        f"{e}/timeline/",
        f"{c}/diagnosis/",
        f"{c}/diagnosis/statements/",
        f"{c}/diagnosis/sheets/",
        f"{c}/diagnosis/sheets/{sheet.pk}/",
        f"{c}/diagnosis/sheets/{sheet.pk}/edit/",
        f"{c}/diagnosis/sheets/compare/",
        f"{c}/diagnosis/design/",
        f"{c}/diagnosis/design/{design.pk}/",
    ]
    owner_pages = [
        f"{c}/",
        f"{c}/diagnosis/",
        f"{c}/diagnosis/statements/",
        f"{c}/diagnosis/sheets/",
        f"{c}/diagnosis/design/",
    ]
    problems = {}
    for username, pages in (("advisor", supporter_pages), ("owner", owner_pages)):
        client = _client(username)
        for path in pages:
            response = client.get(path, follow=True)
            assert response.status_code == 200, (username, path)
            html = response.content.decode()
            title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            found = _problems(html, allow_meti_unit=any(p in title for p in METI_UNIT_PAGES))
            if found:
                problems[f"{username} {path}"] = found
    assert problems == {}


def test_the_scan_catches_the_retired_spellings_and_dates():
    assert _problems("<h1>企業一覧</h1><p>2026/1/27 更新・3ヶ月</p><span>1 ページ目</span>") == [
        "企業一覧 (use 事業者一覧)",
        "ヶ月 (use か月)",
        "ページ目 (use 「2 / 6 ページ」 style)",
        "date 2026/1/27",
    ]
    assert _problems("<p>2026/11/5</p><p>1/27 10:00</p>") == ["date 2026/11/5", "date 1/27 10:00"]
    assert _problems('<time datetime="2026-01-27">2026/01/27</time> 2026年1月27日 1月27日 10:00') == []
    assert _problems('<span>出典: 2026/4/10 社長面談</span><input value="2026/4/1">') == []


@pytest.mark.parametrize(
    ("value", "screen", "document", "wareki"),
    [
        (dt.date(2026, 11, 5), "2026/11/05", "2026年11月5日", "令和8年11月5日"),
        (dt.date(2026, 1, 7), "2026/01/07", "2026年1月7日", "令和8年1月7日"),
        (dt.date(2019, 5, 1), "2019/05/01", "2019年5月1日", "令和元年5月1日"),
    ],
)
def test_one_date_format_per_use(value, screen, document, wareki):
    assert formatting.screen_date(value) == screen
    assert formatting.document_date(value) == document
    assert formatting.document_date(value, era=formatting.ERA_JAPANESE) == wareki


def test_datetimes_are_shown_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    moment = dt.datetime(2026, 11, 5, 12, 15, tzinfo=dt.UTC)  # 21:15 in Tokyo
    assert formatting.screen_datetime(moment) == "2026/11/05 21:15"
    assert formatting.recent_datetime(moment) == "11月5日 21:15"
    assert formatting.document_datetime(moment) == "2026年11月5日 21:15"
    assert formatting.screen_date(None) == formatting.document_date(None) == ""
