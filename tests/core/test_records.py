"""The client-record kit (banso.core.records): one base, one version check, one audited save, one log."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction

from banso.companies.models import Company
from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError
from banso.core.models import ActivityLog
from banso.core.records import (
    AuditedThroughCompany,
    ClientRecord,
    apply_changes,
    locked,
    log_company_event,
    save_audited,
    save_organization_settings,
)
from banso.diagnosis.models import BusinessStep, NonFinancialSheet
from banso.home.models import AlertSettings
from tests.diagnosis.factories import make_non_financial_sheet

pytestmark = pytest.mark.django_db


def test_every_versioned_model_is_a_client_record_and_every_company_record_is_audited_through_it():
    models = [m for m in apps.get_models() if not m.__name__.startswith("Historical")]
    versioned = {m for m in models if "version" in {f.name for f in m._meta.fields}}
    versioned = {
        m for m in versioned if m._meta.get_field("version").get_internal_type() == "PositiveIntegerField"
    }
    # The organization's own rows are versioned (their edits name their version through the kit's
    # `locked`) but are not client data: no company (monitoring's thresholds and the home's alert
    # settings are per organization; members and branches are its people).
    assert {m.__name__ for m in versioned if not issubclass(m, ClientRecord)} == {
        "Organization",
        "MonitoringThresholds",
        "AlertSettings",
        "Membership",
        "Branch",
        # a member's own notification settings (banso/comments)
        "NotificationPreference",
        # knowledge: networks and what supporters share — anonymised, owned by an organization, never
        # a company's record
        "Network",
        "NetworkMembership",
        "CaseDraft",
        "PublishedCase",
        "Consultation",
        "Answer",
        "BankItem",
    }
    assert len(versioned) >= 14
    with_path = [m for m in models if hasattr(m, "COMPANY_PATH")]
    assert {m.__name__ for m in with_path if not issubclass(m, AuditedThroughCompany)} == set()
    # the kit, not the model, answers the history's organization
    assert {m.__name__ for m in with_path if "audit_organization_id" in m.__dict__} == set()


def test_locked_refuses_a_stale_version_and_save_audited_bumps_and_attributes(company, supporter):
    with transaction.atomic():
        current = locked(Company, company.pk, company.version)
        current.name = "有限会社丸山精工（新）"
        save_audited(current, by=supporter, bump_version=True)
    company.refresh_from_db()
    assert (company.name, company.version) == ("有限会社丸山精工（新）", 2)
    latest = company.history.first()
    assert (latest.history_user, latest.history_organization_id) == (supporter, company.organization_id)
    with pytest.raises(ConflictError) as refused, transaction.atomic():
        locked(Company, company.pk, 1)
    assert refused.value.message == STALE_EDIT_MESSAGE


def test_apply_changes_sets_only_what_differs_and_names_it_in_order(company):
    same_name = company.name
    changes = {"address": "横浜市中区1-1", "name": same_name, "representative": "丸山 一郎"}
    assert apply_changes(company, changes) == ["address", "representative"]
    assert (company.address, company.representative, company.name) == (
        "横浜市中区1-1",
        "丸山 一郎",
        same_name,
    )
    assert apply_changes(company, {"address": "横浜市中区1-1"}) == []
    company.refresh_from_db()
    assert company.address != "横浜市中区1-1"  # setting is not saving: the caller saves (audited) or not


def test_log_company_event_writes_one_entry_in_the_companys_organization(company, supporter):
    log_company_event(company, code="company.checked", message="確認しました。", by=supporter, data={"a": 1})
    entry = ActivityLog.objects.get(code="company.checked")
    assert (entry.organization_id, entry.company_id, entry.actor, entry.data) == (
        company.organization_id,
        company.pk,
        supporter,
        {"a": 1},
    )


def test_children_history_keeps_the_organization_when_the_company_is_deleted(company, supporter):
    sheet = make_non_financial_sheet(company, by=supporter)
    step_pk = sheet.steps.get().pk
    org_id = company.organization_id
    company.delete()
    assert (
        NonFinancialSheet.history.filter(id=sheet.pk, history_type="-").get().history_organization_id
        == org_id
    )
    assert BusinessStep.history.filter(id=step_pk, history_type="-").get().history_organization_id == org_id


def test_the_company_resolves_its_own_organization_without_a_query(company, django_assert_num_queries):
    fresh = Company.objects.get(pk=company.pk)
    with django_assert_num_queries(0):
        assert fresh.audit_organization_id == company.organization_id


def test_save_organization_settings_creates_then_changes_the_one_row_by_its_version(org, admin_user):
    def save(expected_version, days):
        return save_organization_settings(
            AlertSettings,
            org,
            values={"due_soon_days": days, "no_dialogue_days": 30},
            by=admin_user,
            expected_version=expected_version,
            code="organization.alert_settings.changed",
            message=f"{days}日",
            data={"due_soon_days": days},
        )

    # A form opened on the defaults names no version; once a row exists that form is stale.
    with pytest.raises(ConflictError):
        save(1, 5)
    created = save(None, 5)
    assert (created.version, created.due_soon_days) == (1, 5)
    with pytest.raises(ConflictError, match=STALE_EDIT_MESSAGE):
        save(None, 6)
    with pytest.raises(ConflictError):
        save(2, 6)
    changed = save(1, 7)
    assert (changed.version, changed.due_soon_days) == (2, 7)
    assert AlertSettings.objects.filter(organization=org).count() == 1
    assert [h.history_user for h in changed.history.all()] == [admin_user, admin_user]
    logged = ActivityLog.objects.filter(code="organization.alert_settings.changed")
    assert sorted(logged.values_list("message", flat=True)) == ["5日", "7日"]


def test_save_organization_settings_refuses_out_of_range_values_and_writes_nothing(org, admin_user):
    with pytest.raises(ValidationError):
        save_organization_settings(
            AlertSettings,
            org,
            values={"due_soon_days": -1, "no_dialogue_days": 30},
            by=admin_user,
            expected_version=None,
            code="organization.alert_settings.changed",
            message="-",
        )
    assert not AlertSettings.objects.filter(organization=org).exists()
    assert not ActivityLog.objects.filter(code="organization.alert_settings.changed").exists()
