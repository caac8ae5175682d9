"""法人番号 check digit and the company size rule (docs/domain.md §3.2)."""

import pytest
from django.core.exceptions import ValidationError

from banso.companies import corporate_number
from banso.companies.domain import create_company
from banso.companies.engines import size


@pytest.mark.parametrize("number", ["7000012050002", "2180001135973", "4010001008772"])
def test_real_corporate_numbers_pass(number):
    assert corporate_number.validation_error(number) is None


@pytest.mark.parametrize(
    ("number", "message"),
    [("8000012050002", "チェックディジット"), ("700001205000", "13桁"), ("70000120500AB", "13桁")],
)
def test_wrong_corporate_numbers_get_japanese_messages(number, message):
    assert message in corporate_number.validation_error(number)


def test_corporate_number_accepts_full_width_and_hyphens():
    assert corporate_number.normalize("７０００-０１２０-５０００２") == "7000012050002"


COMMERCE = ["0501"]


@pytest.mark.parametrize(
    ("industry", "employees", "expected"),
    [
        ("0304", 20, "small"),
        ("0304", 21, "medium"),
        ("0501", 5, "small"),
        ("0501", 6, "medium"),
    ],
)
def test_size_boundaries(industry, employees, expected):
    assert (
        size.size_for(industry_code=industry, employees=employees, commerce_service_industries=COMMERCE)
        == expected
    )


def test_size_override_wins():
    assert (
        size.size_for(industry_code="0304", employees=3, commerce_service_industries=[], override="medium")
        == "medium"
    )


@pytest.mark.django_db
def test_company_size_uses_the_settings(org, settings, supporter):
    company = create_company(
        membership=supporter.memberships.get(),
        by=supporter,
        name="株式会社観光",
        industry_code="1301",
        fiscal_year_end_month=3,
        employees=12,
    )
    assert company.size == "small"  # 観光業 (宿泊業) keeps the 20-employee threshold
    settings.BANSO_COMMERCE_SERVICE_INDUSTRIES = ["1301"]
    assert company.size == "medium"


@pytest.mark.django_db
def test_domain_refuses_negative_headcount_and_saves_nothing(org, supporter):
    from banso.companies.models import Company

    with pytest.raises(ValidationError) as error:
        create_company(
            membership=supporter.memberships.get(),
            by=supporter,
            name="株式会社負数",
            industry_code="0304",
            fiscal_year_end_month=3,
            employees=-1,
        )
    assert "0 以上" in str(error.value.message_dict["employees"])
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_domain_refuses_supporters_from_another_organization(org, admin_user, outsider):
    with pytest.raises(ValidationError, match="この支援機関の管理者または支援者"):
        create_company(
            membership=admin_user.memberships.get(),
            by=admin_user,
            supporters=[outsider],
            name="株式会社越境",
            industry_code="0304",
            fiscal_year_end_month=3,
            employees=1,
        )


@pytest.mark.django_db
def test_only_an_admin_chooses_supporters(supporter, colleague, company):
    from django.core.exceptions import PermissionDenied

    from banso.companies.domain import update_company

    with pytest.raises(PermissionDenied, match="管理者だけ"):
        update_company(company, membership=supporter.memberships.get(), by=supporter, supporters=[colleague])
    with pytest.raises(PermissionDenied, match="管理者だけ"):
        create_company(
            membership=supporter.memberships.get(),
            by=supporter,
            supporters=[colleague],
            name="株式会社指定",
            industry_code="0304",
            fiscal_year_end_month=3,
            employees=1,
        )


@pytest.mark.django_db
def test_saving_without_changes_writes_nothing(supporter, company):
    from banso.companies.domain import update_company
    from banso.core.models import ActivityLog

    before = (company.history.count(), ActivityLog.objects.count())
    update_company(company, membership=supporter.memberships.get(), by=supporter, employees=company.employees)
    company.refresh_from_db()
    assert company.version == 1
    assert (company.history.count(), ActivityLog.objects.count()) == before


@pytest.mark.django_db
def test_names_are_stored_as_typed_and_the_reading_in_katakana(supporter):
    company = create_company(
        membership=supporter.memberships.get(),
        by=supporter,
        name="　㈱ＡＢＣ商事　",
        name_kana="えーびーしーしょうじ",
        industry_code="0404",
        fiscal_year_end_month=3,
        employees=3,
    )
    assert company.name == "㈱ＡＢＣ商事"
    assert company.name_kana == "エービーシーショウジ"


@pytest.mark.django_db
def test_concurrent_duplicate_corporate_number_is_a_validation_error_not_a_crash(
    supporter, company, monkeypatch
):
    """The database constraint catches a duplicate that slipped past full_clean (two saves at once)."""
    from banso.companies.models import Company
    from banso.core.errors import DUPLICATE_CODE

    monkeypatch.setattr(Company, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as error:
        create_company(
            membership=supporter.memberships.get(),
            by=supporter,
            name="株式会社同時",
            corporate_number=company.corporate_number,
            industry_code="0304",
            fiscal_year_end_month=3,
            employees=1,
        )
    assert error.value.error_dict["corporate_number"][0].code == DUPLICATE_CODE
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_only_an_admin_deletes_a_company(supporter, company):
    from django.core.exceptions import PermissionDenied

    from banso.companies.domain import delete_company
    from banso.companies.models import Company

    with pytest.raises(PermissionDenied, match="管理者だけ"):
        delete_company(company, membership=supporter.memberships.get(), by=supporter)
    assert Company.objects.filter(pk=company.pk).exists()


@pytest.mark.django_db
def test_supporters_are_in_the_field_history_one_row_per_change(org, admin_user, supporter, colleague):
    from banso.companies.domain import update_company
    from banso.companies.history import company_history

    membership = admin_user.memberships.get()
    company = create_company(
        membership=membership,
        by=admin_user,
        supporters=[supporter],
        name="株式会社観光",
        industry_code="1301",
        fiscal_year_end_month=3,
        employees=12,
    )
    (created,) = company.history.all()
    assert [r.user_id for r in created.supporters.all()] == [supporter.pk]
    update_company(company, membership=membership, by=admin_user, supporters=[supporter, colleague])
    changed, _ = company.history.order_by("-history_date", "-history_id")
    assert (changed.history_type, changed.history_user) == ("~", admin_user)
    assert sorted(r.user_id for r in changed.supporters.all()) == sorted([supporter.pk, colleague.pk])
    entry = company_history(company)[0]
    assert entry.title == "担当支援者を変更しました"
    assert [(c.label, c.old, c.new) for c in entry.changes] == [
        ("担当支援者", "supporter さん", "colleague さん、supporter さん")
    ]
    # An update that names the same supporters writes nothing.
    update_company(company, membership=membership, by=admin_user, supporters=[colleague, supporter])
    assert company.history.count() == 2
