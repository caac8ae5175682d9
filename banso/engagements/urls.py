"""Engagement pages under /o/<org>/companies/<company_pk>/engagements/.

Two halves, kept in their own modules: the process side (engagement, steps, dialogues, issue tree,
walls, stakeholders, reflections) and the execution side (actions, referrals, follow-ups, timeline,
reports)."""

from banso.engagements import urls_execution, urls_process

app_name = "engagements"

urlpatterns = [*urls_process.urlpatterns, *urls_execution.urlpatterns]
