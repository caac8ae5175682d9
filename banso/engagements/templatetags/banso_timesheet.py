"""{{ minutes|duration }} → 「1時間30分」 (engines.timesheet.duration_text); 0 or nothing → 「—」."""

from django import template

from banso.engagements.engines.timesheet import duration_text

register = template.Library()


@register.filter
def duration(minutes):
    return duration_text(minutes) if minutes else "—"
