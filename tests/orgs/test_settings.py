"""The organization settings page: only a 管理者 changes how documents write dates (西暦/和暦); the
change names the version it changes, is logged, and the next PDF follows it."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from banso.core.errors import STALE_EDIT_MESSAGE
from banso.core.forms import MISSING_VERSION_MESSAGE
from banso.core.models import ActivityLog
from banso.orgs.models import Organization
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement

pytestmark = pytest.mark.django_db

URL = reverse("orgs:settings", kwargs={"org": "minato"})


def _era_and_version(org) -> tuple[str, int]:
    fresh = Organization.objects.get(pk=org.pk)
    return fresh.document_era, fresh.version


def _settings_log(org):
    return list(
        ActivityLog.objects.filter(organization_id=org.pk, code="organization.settings.changed").values_list(
            "message", "actor_name", "data"
        )
    )


def test_admin_switches_documents_to_wareki_and_it_is_logged(login, admin_user, org):
    client = login(admin_user)
    page = client.get(URL).content.decode()
    assert "帳票の日付" in page
    assert re.search(r'value="western"[^>]*checked', page) and 'name="version" value="1"' in page
    response = client.post(URL, {"document_era": "japanese", "version": "1"})
    assert response.status_code == 302 and response["Location"] == URL
    assert _era_and_version(org) == ("japanese", 2)
    assert _settings_log(org) == [
        ("帳票の日付を西暦から和暦に変更しました。", "admin さん", {"document_era": ["western", "japanese"]})
    ]
    # Saving the same value again writes nothing.
    client.post(URL, {"document_era": "japanese", "version": "2"})
    assert _era_and_version(org) == ("japanese", 2) and len(_settings_log(org)) == 1


def test_a_save_without_version_or_with_a_stale_one_writes_nothing(login, admin_user, org):
    client = login(admin_user)
    response = client.post(URL, {"document_era": "japanese"})
    assert response.status_code == 200 and MISSING_VERSION_MESSAGE in response.content.decode()
    Organization.objects.filter(pk=org.pk).update(version=2)  # another admin saved meanwhile
    response = client.post(URL, {"document_era": "japanese", "version": "1"})
    assert response.status_code == 200 and STALE_EDIT_MESSAGE in response.content.decode()
    assert _era_and_version(org) == ("western", 2) and _settings_log(org) == []


def test_only_admins_see_the_page_and_its_menu_link(login, admin_user, supporter, viewer, org):
    assert 'href="/o/minato/settings/"' in login(admin_user).get(URL).content.decode()
    for user in (supporter, viewer):
        client = login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"document_era": "japanese", "version": "1"}).status_code == 403
        home = client.get(reverse("companies:list", kwargs={"org": "minato"})).content.decode()
        assert "支援機関の設定" not in home
    assert _era_and_version(org) == ("western", 1) and _settings_log(org) == []


def test_the_local_benchmark_pdf_follows_the_setting(login, admin_user, supporter, company, org):
    make_statement(company, 2024, by=supporter, **PREVIOUS_YEAR)
    make_statement(company, 2025, by=supporter)
    pdf_url = reverse("diagnosis:local_benchmark_pdf", kwargs={"org": "minato", "company_pk": company.pk})

    def dates_in_pdf() -> list[str]:
        content = login(supporter).get(pdf_url).content
        text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)
        return re.findall(r"(令和\d+年|20\d\d年)\d+月\d+日", text)

    assert dates_in_pdf() and all(year.startswith("20") for year in dates_in_pdf())
    login(admin_user).post(URL, {"document_era": "japanese", "version": "1"})
    dates = dates_in_pdf()
    assert dates and all(year.startswith("令和") for year in dates)


@pytest.mark.django_db
def test_only_an_admin_of_the_organization_changes_its_settings_in_the_domain(org, supporter, outsider):
    """The rule sits in the domain, so a caller other than the page (API, command) cannot skip it."""
    from django.core.exceptions import PermissionDenied

    from banso.orgs.domain import organizations as domain
    from banso.orgs.models import Membership

    for user in (supporter, outsider):
        membership = Membership.objects.filter(user=user).first()
        with pytest.raises(PermissionDenied):
            domain.change_organization_settings(
                org, membership=membership, by=user, expected_version=org.version, document_era="japanese"
            )
    org.refresh_from_db()
    assert org.document_era == "western"
    assert org.version == 1
