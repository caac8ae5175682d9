"""Company pages as users use them: list, search, create, edit, delete, history."""

import importlib

import pytest
from django.urls import reverse

from banso.companies.models import Company
from banso.core.models import ActivityLog
from banso.core.text import search_index
from tests.factories import CompanyFactory, valid_corporate_number
from tests.helpers import count_queries


def url(name, org="minato", **kwargs):
    return reverse(name, kwargs={"org": org, **kwargs})


def _form_data(**overrides):
    data = {
        "name": "株式会社さくら食品",
        "name_kana": "サクラショクヒン",
        "corporate_number": valid_corporate_number(555),
        "industry_code": "0301",
        "fiscal_year_end_month": "3",
        "employees": "２４",
        "capital": "10,000,000",
        "representative": "桜井 花子",
        "address": "静岡県静岡市葵区1-2-3",
        "founded_year": "1990",
        "size_override": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestCompanyList:
    def test_supporter_sees_only_assigned_companies(self, login, supporter, company, other_company):
        response = login(supporter).get(url("companies:list"))
        assert response.status_code == 200
        names = [c.name for c in response.context["page"].object_list]
        assert names == ["有限会社丸山精工"]

    def test_admin_sees_all_companies_of_the_organization_only(
        self, login, admin_user, company, other_company, foreign_company
    ):
        response = login(admin_user).get(url("companies:list"))
        names = sorted(c.name for c in response.context["page"].object_list)
        assert names == ["有限会社丸山精工", "株式会社まるや商店"]

    @pytest.mark.parametrize("query", ["まるやま", "ﾏﾙﾔﾏ", "丸山", "セイコウ", "丸山精工"])
    def test_search_is_kana_and_width_tolerant(self, login, admin_user, company, other_company, query):
        response = login(admin_user).get(url("companies:list"), {"q": query})
        assert [c.name for c in response.context["page"].object_list] == ["有限会社丸山精工"]

    @pytest.mark.parametrize(
        "query",
        [
            "(有)丸山",
            "㈲丸山",
            "（有）丸山",
            "有限会社丸山",
            "有限会社　丸山精工",
            "maruyama",
            "Maruyama Seiko",
        ],
    )
    def test_search_folds_legal_forms_and_reads_romaji(
        self, login, admin_user, company, other_company, query
    ):
        response = login(admin_user).get(url("companies:list"), {"q": query})
        assert [c.name for c in response.context["page"].object_list] == ["有限会社丸山精工"]

    @pytest.mark.parametrize(
        ("query", "found"),
        [("㈱まるや", ["株式会社まるや商店"]), ("(株)丸山", []), ("株式", ["株式会社まるや商店"])],
    )
    def test_the_legal_form_still_narrows_the_search(
        self, login, admin_user, company, other_company, query, found
    ):
        response = login(admin_user).get(url("companies:list"), {"q": query})
        assert [c.name for c in response.context["page"].object_list] == found

    def test_search_is_one_query_whatever_the_spelling(self, login, admin_user, org, company):
        CompanyFactory.create_batch(5, organization=org)
        client = login(admin_user)
        counts = {
            q: count_queries(client, url("companies:list"), q=q) for q in ("丸山", "㈲丸山", "maruyama")
        }
        assert len(set(counts.values())) == 1, counts

    def test_existing_companies_get_the_new_search_text_from_the_data_migration(self, company):
        from django.apps import apps

        migration = importlib.import_module("banso.companies.migrations.0005_company_search_text_forms")
        Company.objects.filter(pk=company.pk).update(search_text="丸山精工")
        migration.recompute(apps, None)
        company.refresh_from_db()
        assert company.search_text == search_index(names=["有限会社丸山精工"], readings=["マルヤマセイコウ"])
        assert "maruyama" in company.search_text and "(有)丸山" in company.search_text

    def test_filter_by_industry_and_supporter(self, login, admin_user, supporter, company, other_company):
        client = login(admin_user)
        by_industry = client.get(url("companies:list"), {"industry": "0501"})
        assert [c.name for c in by_industry.context["page"].object_list] == ["株式会社まるや商店"]
        by_supporter = client.get(url("companies:list"), {"supporter": supporter.pk})
        assert [c.name for c in by_supporter.context["page"].object_list] == ["有限会社丸山精工"]

    def test_sort_by_employees_descending(self, login, admin_user, org):
        CompanyFactory(organization=org, name="小", employees=3)
        CompanyFactory(organization=org, name="大", employees=300)
        response = login(admin_user).get(url("companies:list"), {"sort": "-employees"})
        assert [c.name for c in response.context["page"].object_list] == ["大", "小"]

    def test_paging_shows_25_per_page(self, login, admin_user, org):
        CompanyFactory.create_batch(30, organization=org)
        client = login(admin_user)
        first = client.get(url("companies:list"))
        second = client.get(url("companies:list"), {"page": 2})
        assert len(first.context["page"].object_list) == 25
        assert len(second.context["page"].object_list) == 5
        assert "2 / 2 ページ" in second.content.decode()

    def test_htmx_search_returns_only_the_results_fragment(self, login, admin_user, company):
        response = login(admin_user).get(
            url("companies:list"), {"q": "丸山"}, headers={"HX-Request": "true", "HX-Target": "results"}
        )
        body = response.content.decode()
        assert "有限会社丸山精工" in body
        assert "<html" not in body
        assert response["Vary"].count("HX-Request") == 1

    def test_empty_list_says_what_to_do_next(self, login, supporter):
        body = login(supporter).get(url("companies:list")).content.decode()
        assert "最初の事業者を登録する" in body

    def test_list_query_count_does_not_grow_with_rows(self, login, admin_user, supporter, org):
        client = login(admin_user)
        counts = []
        for size in (5, 40):
            CompanyFactory.create_batch(size, organization=org, supporters=[supporter])
            counts.append(count_queries(client, url("companies:list")))
        assert counts[0] == counts[1]


@pytest.mark.django_db
class TestCompanyCreate:
    def test_supporter_creates_company_and_is_assigned(self, login, supporter):
        response = login(supporter).post(url("companies:create"), _form_data())
        company = Company.objects.get(name="株式会社さくら食品")
        assert response.status_code == 302
        assert response["Location"] == url("companies:detail", pk=company.pk)
        assert company.employees == 24
        assert company.capital == 10_000_000
        assert list(company.supporters.all()) == [supporter]
        record = company.history.get()
        assert record.history_user == supporter
        assert record.history_organization_id == company.organization_id
        assert ActivityLog.objects.filter(code="company.created", company_id=company.pk).exists()

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("corporate_number", "1000000000555", "チェックディジット"),
            ("corporate_number", "12345", "13桁"),
            ("fiscal_year_end_month", "13", "1〜12月"),
            ("employees", "-3", "0 以上"),
            ("employees", "十人", "数値として読み取れません"),
            ("name", "　 　", "商号を入力してください"),
            ("founded_year", "2999", "設立年"),
        ],
    )
    def test_bad_input_gets_japanese_message_and_saves_nothing(self, login, supporter, field, value, message):
        response = login(supporter).post(url("companies:create"), _form_data(**{field: value}))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field])
        assert not Company.objects.exists()

    def test_duplicate_corporate_number_in_same_org_is_refused(self, login, supporter, company):
        response = login(supporter).post(
            url("companies:create"), _form_data(corporate_number=company.corporate_number)
        )
        assert "すでに登録" in str(response.context["form"].errors)
        assert Company.objects.count() == 1

    def test_viewer_cannot_create(self, login, viewer):
        response = login(viewer).post(url("companies:create"), _form_data())
        assert response.status_code == 403
        assert "権限がありません" in response.content.decode()
        assert not Company.objects.exists()


@pytest.mark.django_db
class TestCompanyEdit:
    def test_edit_records_who_and_what_changed(self, login, supporter, company):
        client = login(supporter)
        data = _form_data(
            name=company.name, corporate_number=company.corporate_number, employees="15", version=1
        )
        response = client.post(url("companies:edit", pk=company.pk), data)
        assert response.status_code == 302
        history = client.get(url("companies:history", pk=company.pk))
        entries = history.context["entries"]
        latest = entries[0]
        assert latest.actor == "supporter さん"
        changes = {c.label: (c.old, c.new) for c in latest.changes}
        assert changes["従業員数"] == (12, 15)
        assert changes["業種"] == ("金属製品製造業", "食料品・飼料・飲料製造業")

    def test_second_save_with_stale_version_does_not_overwrite(self, login, supporter, admin_user, company):
        first = _form_data(
            name=company.name,
            corporate_number=company.corporate_number,
            employees="20",
            version=1,
            supporters=[supporter.pk],
        )
        second = _form_data(
            name=company.name, corporate_number=company.corporate_number, employees="99", version=1
        )
        assert login(admin_user).post(url("companies:edit", pk=company.pk), first).status_code == 302
        response = login(supporter).post(url("companies:edit", pk=company.pk), second)
        assert response.status_code == 200
        assert "他の方が更新しました" in response.content.decode()
        company.refresh_from_db()
        assert company.employees == 20

    def test_after_a_conflict_the_user_sees_both_values_and_can_save_on_purpose(
        self, login, supporter, admin_user, company
    ):
        theirs = _form_data(
            name=company.name, corporate_number=company.corporate_number, employees="20", version=1,
            supporters=[supporter.pk],
        )  # fmt: skip
        mine = _form_data(
            name=company.name, corporate_number=company.corporate_number, employees="99", version=1
        )
        login(admin_user).post(url("companies:edit", pk=company.pk), theirs)
        client = login(supporter)
        conflict = client.post(url("companies:edit", pk=company.pk), mine)
        assert ("従業員数", "20", "99") in conflict.context["conflicts"]
        assert conflict.context["form"]["version"].value() == "2"
        assert conflict.context["form"]["employees"].value() == "99"  # nothing typed is lost
        again = client.post(url("companies:edit", pk=company.pk), {**mine, "version": "2"})
        assert again.status_code == 302
        company.refresh_from_db()
        assert company.employees == 99

    def test_unassigned_colleague_gets_404(self, login, colleague, company):
        assert login(colleague).get(url("companies:edit", pk=company.pk)).status_code == 404

    def test_viewer_sees_but_cannot_edit(self, login, viewer, company):
        client = login(viewer)
        detail = client.get(url("companies:detail", pk=company.pk))
        assert detail.status_code == 200
        assert detail.context["can_change"] is False
        assert url("companies:edit", pk=company.pk) not in detail.content.decode()
        assert client.get(url("companies:edit", pk=company.pk)).status_code == 403

    def test_admin_reassigns_supporters_and_history_shows_it(
        self, login, admin_user, supporter, colleague, company
    ):
        client = login(admin_user)
        data = _form_data(
            name=company.name, corporate_number=company.corporate_number, version=1, supporters=[colleague.pk]
        )
        client.post(url("companies:edit", pk=company.pk), data)
        assert list(company.supporters.all()) == [colleague]
        # The field history holds the change (one row, by the admin, with before and after) ...
        latest, previous = company.history.order_by("-history_date", "-history_id")[:2]
        assert (latest.history_type, latest.history_user) == ("~", admin_user)
        assert [r.user_id for r in latest.supporters.all()] == [colleague.pk]
        assert [r.user_id for r in previous.supporters.all()] == [supporter.pk]
        # ... and the history page shows it as a field change.
        response = client.get(url("companies:history", pk=company.pk))
        shown = [
            (e.actor, c.label, c.old, c.new)
            for e in response.context["entries"]
            for c in e.changes
            if c.field == "supporters"
        ]
        assert shown[0] == ("admin さん", "担当支援者", "supporter さん", "colleague さん")


@pytest.mark.django_db
class TestCompanyDelete:
    def test_admin_deletes_after_confirmation_and_history_remains(self, login, admin_user, company):
        client = login(admin_user)
        confirm = client.get(url("companies:delete", pk=company.pk))
        assert "元に戻せません" in confirm.content.decode()
        response = client.post(url("companies:delete", pk=company.pk))
        assert response.status_code == 302
        assert not Company.objects.filter(pk=company.pk).exists()
        assert Company.history.filter(id=company.pk, history_type="-").get().history_user == admin_user

    def test_supporter_cannot_delete(self, login, supporter, company):
        assert login(supporter).post(url("companies:delete", pk=company.pk)).status_code == 403
        assert Company.objects.filter(pk=company.pk).exists()


@pytest.mark.django_db
def test_other_organizations_supporter_gets_404_for_company_url(login, outsider, company, foreign_company):
    client = login(outsider)
    assert client.get(url("companies:detail", pk=company.pk)).status_code == 404
    assert client.get(url("companies:detail", org="sakura", pk=company.pk)).status_code == 404
    assert client.get(url("companies:detail", org="sakura", pk=foreign_company.pk)).status_code == 200


@pytest.mark.django_db
def test_owner_sees_company_history_without_the_support_sides_working_notes(login, owner, supporter, company):
    from banso.core.models import log_activity

    log_activity(
        organization_id=company.organization_id,
        company_id=company.pk,
        code="engagement.suitability.decided",
        message="見極めの判断を記録しました。",
        by=supporter,
    )
    assert "見極めの判断" in login(supporter).get(url("companies:history", pk=company.pk)).content.decode()
    assert "見極めの判断" not in login(owner).get(url("companies:history", pk=company.pk)).content.decode()


@pytest.mark.django_db
def test_a_foreign_company_url_says_the_company_was_not_found_whether_or_not_it_exists(
    login, outsider, company, foreign_company
):
    """A URL pasted from another organization names what was not found (事業者, not 支援機関), in the
    same words as for an id that exists nowhere."""
    client = login(outsider)
    expected = "お探しの事業者は見つかりません。削除されたか、ご利用の権限では開けない可能性があります。"
    pasted = client.get(url("companies:detail", pk=company.pk))  # the bank's URL
    missing = client.get(url("companies:detail", pk=999999))
    wrong_id = client.get(url("companies:detail", org="sakura", pk=company.pk))  # own org, foreign id
    for response in (pasted, missing, wrong_id):
        body = response.content.decode()
        assert response.status_code == 404
        assert expected in body
        assert "指定された支援機関" not in body
    dialogue_url = f"/o/minato/companies/{company.pk}/engagements/1/dialogues/2/"
    assert "お探しの対話記録は見つかりません。" in client.get(dialogue_url).content.decode()
    # A URL that names no record keeps saying the organization was not found.
    assert "指定された支援機関は見つからないか" in client.get("/o/minato/activity/").content.decode()
