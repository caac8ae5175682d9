"""Engagement forms, one module per concept. Field rules live on the models and in the domain, so
forms, the API and the domain agree; forms only read what people type (Japanese dates, full-width
digits) and offer the right choices."""
