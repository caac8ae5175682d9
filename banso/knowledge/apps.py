from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "banso.knowledge"
    label = "knowledge"
    verbose_name = "ナレッジ（事例・ネットワーク）"

    def ready(self):
        from banso.core.engagement_form_aids import register_form_aid
        from banso.core.engagement_panels import register_engagement_panel
        from banso.core.networks import register_network_provider
        from banso.core.search_sources import register_search_source, register_search_writer
        from banso.knowledge.consult_panel import consult_panel
        from banso.knowledge.form_aids import question_bank_aid
        from banso.knowledge.models.networks import network_ids_of, partner_organization_ids
        from banso.knowledge.panels import case_panel
        from banso.knowledge.panels_similar import similar_cases_panel
        from banso.knowledge.search_cases import SOURCE as CASE_SOURCE
        from banso.knowledge.search_consultations import SOURCE as CONSULTATION_SOURCE
        from banso.knowledge.search_index import IndexWriter

        # The access rule asks which organizations share a network (core.networks).
        register_network_provider(networks_of=network_ids_of, partners_of=partner_organization_ids)
        # The engagement page: 事例として共有 and this engagement's drafts.
        register_engagement_panel(case_panel)
        # ... and 相談: ask about this engagement with an anonymised background.
        register_engagement_panel(consult_panel)
        # The 質問バンク and action templates beside the engagement's dialogue and action forms.
        register_form_aid(question_bank_aid)

        # The search index follows every registered source's saves and deletes (core.search_sources),
        # and finds published cases and consultations with their answers.
        register_search_writer(IndexWriter())
        register_search_source(CASE_SOURCE)
        register_search_source(CONSULTATION_SOURCE)
        # The engagement page's 「似ている事例」 panel.
        register_engagement_panel(similar_cases_panel)
