"""The one access rule, checked directly on querysets for each role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from banso.companies.models import Company
from banso.core.access import get_changeable_or_404, get_visible_or_404
from banso.orgs.models import Membership


def membership(user):
    return Membership.objects.get(user=user)


@pytest.mark.django_db
class TestVisibleTo:
    def test_each_role_sees_what_the_rule_says(
        self,
        admin_user,
        supporter,
        colleague,
        viewer,
        owner,
        outsider,
        company,
        other_company,
        foreign_company,
    ):
        def names(user):
            return sorted(Company.objects.visible_to(membership(user)).values_list("name", flat=True))

        assert names(admin_user) == ["有限会社丸山精工", "株式会社まるや商店"]
        assert names(viewer) == ["有限会社丸山精工", "株式会社まるや商店"]
        assert names(supporter) == ["有限会社丸山精工"]
        assert names(colleague) == []
        assert names(owner) == ["有限会社丸山精工"]
        assert names(outsider) == ["株式会社相模精密"]

    def test_no_membership_sees_nothing(self, company):
        assert not Company.objects.visible_to(None).exists()

    def test_inactive_membership_sees_nothing(self, supporter, company):
        m = membership(supporter)
        m.is_active = False
        assert not Company.objects.visible_to(m).exists()

    def test_changeable_by_excludes_read_only_roles(self, admin_user, supporter, viewer, owner, company):
        assert Company.objects.changeable_by(membership(admin_user)).count() == 1
        assert Company.objects.changeable_by(membership(supporter)).count() == 1
        assert not Company.objects.changeable_by(membership(viewer)).exists()
        assert not Company.objects.changeable_by(membership(owner)).exists()


@pytest.mark.django_db
class TestFetchHelpers:
    def test_foreign_object_is_404_not_403(self, outsider, company):
        with pytest.raises(Http404):
            get_changeable_or_404(Company, membership(outsider), pk=company.pk)

    def test_visible_read_only_object_is_403(self, viewer, company):
        assert get_visible_or_404(Company, membership(viewer), pk=company.pk) == company
        with pytest.raises(PermissionDenied):
            get_changeable_or_404(Company, membership(viewer), pk=company.pk)

    def test_bad_lookup_value_is_404(self, supporter, company):
        with pytest.raises(Http404):
            get_visible_or_404(Company, membership(supporter), pk="not-a-number")
