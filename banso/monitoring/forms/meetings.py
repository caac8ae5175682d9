"""The form of the month's meeting record (held on, attendees, discussion, decisions)."""

from __future__ import annotations

from banso.core.forms import BansoForm, JapaneseDateField, VersionedFormMixin
from banso.monitoring.forms.fields import long_text


class MeetingForm(VersionedFormMixin, BansoForm):
    held_on = JapaneseDateField(label="開催日", required=False)
    attendees = long_text("出席者", 2, "例: 社長、経理部長、支援者（山田）")
    discussion = long_text("話し合ったこと", 5)
    decisions = long_text("決まったこと", 4)

    FIELDS = ("held_on", "attendees", "discussion", "decisions")

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            for name in self.FIELDS:
                self.initial.setdefault(name, getattr(meeting, name))
        self.expect_version(meeting)

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}
