"""Case drafts keep field history (who changed what, when) and the draft page shows it."""

import pytest
from django.urls import reverse

from banso.knowledge.domain import cases as domain
from banso.knowledge.queries import draft_history
from tests.conftest import client_for
from tests.knowledge.test_cases import m, make_draft

pytestmark = pytest.mark.django_db


def test_every_change_is_attributed_and_shown_on_the_draft_page(engagement, supporter, admin_user):
    draft = make_draft(engagement, supporter)
    draft = domain.update_draft(
        draft_id=draft.pk,
        membership=m(supporter),
        by=supporter,
        version=draft.version,
        changes={"lessons": "最初の3回は<b>聴く</b>ことに徹した", "tags": "在庫, 見える化"},
    )
    draft = domain.submit(draft_id=draft.pk, membership=m(supporter), by=supporter, version=draft.version)
    domain.send_back(
        draft_id=draft.pk, membership=m(admin_user), by=admin_user, version=draft.version, comment="数字を"
    )

    rows = list(draft.history.order_by("history_date"))
    assert [r.history_type for r in rows] == ["+", "~", "~", "~"]
    assert [r.history_user_id for r in rows] == [supporter.pk] * 3 + [admin_user.pk]
    assert all(r.history_organization_id == draft.organization_id for r in rows)

    entries = draft_history(draft)
    assert entries[0].actor == admin_user.display_name
    assert {c.label: (c.old, c.new) for c in entries[0].changes}["状態"] == ("レビュー待ち", "差し戻し")
    edit = {c.label: c.new for c in entries[2].changes}
    assert edit["支援者への教訓"] == "最初の3回は<b>聴く</b>ことに徹した"
    assert edit["タグ"] == "在庫、見える化"
    created = {c.label for c in entries[-1].changes}
    assert "作成者" not in created and "元の事業者" not in created, "ids are not history lines"

    page = client_for(supporter).get(reverse("knowledge:draft", kwargs={"org": "minato", "pk": draft.pk}))
    html = page.content.decode()
    assert 'data-testid="draft-history"' in html
    assert "最初の3回は&lt;b&gt;聴く&lt;/b&gt;ことに徹した" in html
    assert "差し戻し" in html
