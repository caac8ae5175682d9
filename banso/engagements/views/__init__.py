"""Engagement views, one module per concept; thin: rules live in banso/engagements/domain/."""
