"""The list's own links (paging, sorting) and the htmx form, followed as a browser would follow them."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import CompanyFactory

LIST = reverse("companies:list", kwargs={"org": "minato"})


def hrefs(response, rel_or_text: str) -> list[str]:
    body = response.content.decode()
    pattern = rf'<a href="([^"]*)"[^>]*>\s*{re.escape(rel_or_text)}'
    return [unescape(h) for h in re.findall(pattern, body)]


def follow(client, href: str):
    assert href.startswith("?") and not href.startswith("??"), href
    return client.get(LIST + href)


@pytest.mark.django_db
def test_next_page_link_reaches_the_second_page(login, admin_user, org):
    CompanyFactory.create_batch(31, organization=org)
    client = login(admin_user)
    first = client.get(LIST, {"q": "テスト"})
    (next_href,) = hrefs(first, "次へ")
    second = follow(client, next_href)
    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 6
    assert second.context["text"] == "テスト"  # the search survives paging


@pytest.mark.django_db
def test_sort_link_sorts_on_first_click_and_reverses_on_second(login, admin_user, org):
    CompanyFactory(organization=org, name="小", employees=3)
    CompanyFactory(organization=org, name="大", employees=300)
    client = login(admin_user)
    (ascending_href,) = hrefs(client.get(LIST), "従業員数")
    ascending = follow(client, ascending_href)
    assert [c.name for c in ascending.context["page"].object_list] == ["小", "大"]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    (descending_href,) = hrefs(ascending, "従業員数")
    descending = follow(client, descending_href)
    assert [c.name for c in descending.context["page"].object_list] == ["大", "小"]


@pytest.mark.django_db
def test_htmx_form_targets_the_bare_path_so_old_filters_do_not_stick(login, admin_user, company):
    body = login(admin_user).get(LIST, {"industry": "0304", "q": "丸"}).content.decode()
    assert f'hx-get="{LIST}"' in body


@pytest.mark.django_db
def test_company_side_user_does_not_see_the_staff_filter(login, owner, company):
    body = login(owner).get(LIST).content.decode()
    assert 'id="supporter"' not in body
