from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "banso.knowledge"
    label = "knowledge"
    verbose_name = "ナレッジ（事例・ネットワーク）"

    def ready(self):
        from banso.core.networks import register_network_provider
        from banso.knowledge.models.networks import network_ids_of, partner_organization_ids

        # The access rule asks which organizations share a network (core.networks).
        register_network_provider(networks_of=network_ids_of, partners_of=partner_organization_ids)

        # The search index follows every registered source's saves and deletes (core.search_sources).
        from banso.core.search_sources import register_search_writer
        from banso.knowledge.search_index import IndexWriter

        register_search_writer(IndexWriter())
        from banso.core.search_sources import register_search_source
        from banso.knowledge.search_cases import SOURCE as CASE_SOURCE

        register_search_source(CASE_SOURCE)
        # The engagement page's 「似ている事例」 panel.
        from banso.core.engagement_panels import register_engagement_panel
        from banso.knowledge.panels import similar_cases_panel

        register_engagement_panel(similar_cases_panel)
