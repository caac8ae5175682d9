"""Consent grants for tests: a documented grant (consent date + a small PDF) to a third organization."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from banso.orgs.models import Membership, Organization
from banso.sharing import domain
from tests.factories import OrganizationFactory

PDF_BYTES = b"%PDF-1.4\n% consent\n"
DEFAULT_SCOPES = ("monitoring_reports", "local_benchmark")


def lender_org() -> Organization:
    return OrganizationFactory(name="みなと信用金庫", slug="shinkin")


def consent_pdf(name: str = "同意書.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_grant(company, *, by, grantee=None, scopes=DEFAULT_SCOPES, days: int = 90):
    """A live grant recorded by `by` (a support-side member of the company's organization) on the
    owner's documented consent."""
    membership = Membership.objects.get(user=by, organization=company.organization)
    return domain.grant_consent(
        company,
        by=by,
        membership=membership,
        grantee=grantee or lender_org(),
        scopes=list(scopes),
        expires_on=domain.today() + dt.timedelta(days=days),
        consented_on=domain.today(),
        document=consent_pdf(),
    )
