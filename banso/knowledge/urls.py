from django.urls import path

from banso.knowledge.views import cases, consultations, networks, questions, search

app_name = "knowledge"

# /o/<org>/knowledge/...
urlpatterns: list = [
    # --- consultations (相談) ---
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path("consultations/new/", consultations.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/answers/", consultations.answer_create, name="answer_create"),
    path("consultations/<int:pk>/comments/", consultations.comment_create, name="comment_create"),
    path("consultations/<int:pk>/hide/", consultations.consultation_hide, name="consultation_hide"),
    path(
        "consultations/<int:pk>/answers/<int:answer_pk>/vote/", consultations.answer_vote, name="answer_vote"
    ),
    path(
        "consultations/<int:pk>/answers/<int:answer_pk>/accept/",
        consultations.answer_accept,
        name="answer_accept",
    ),
    path(
        "consultations/<int:pk>/answers/<int:answer_pk>/hide/", consultations.answer_hide, name="answer_hide"
    ),
    path(
        "consultations/<int:pk>/comments/<int:comment_pk>/hide/",
        consultations.comment_hide,
        name="comment_hide",
    ),
    # --- question bank (質問バンク) ---
    path("question-bank/", questions.bank_list, name="bank_list"),
    path("question-bank/picker/", questions.question_picker, name="question_picker"),
    path("question-bank/templates/", questions.template_picker, name="template_picker"),
    path("question-bank/new/", questions.bank_item_create, name="bank_item_create"),
    path("question-bank/<int:pk>/edit/", questions.bank_item_edit, name="bank_item_edit"),
    path("question-bank/<int:pk>/hide/", questions.bank_item_hide, name="bank_item_hide"),
    path("question-bank/<int:pk>/share/", questions.bank_item_share, name="bank_item_share"),
    # --- cases (事例) ---
    path("cases/", cases.case_list, name="cases"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/withdraw/", cases.case_withdraw, name="case_withdraw"),
    path("drafts/", cases.draft_list, name="drafts"),
    path("drafts/<int:pk>/", cases.draft_detail, name="draft"),
    path("engagements/<int:engagement_pk>/case-draft/", cases.draft_create, name="draft_create"),
    path("settings/", networks.knowledge_settings, name="settings"),
    path("search/", search.search, name="search"),
    path("synonyms/", search.synonyms, name="synonyms"),
    path("synonyms/<int:pk>/delete/", search.synonym_delete, name="synonym_delete"),
]
