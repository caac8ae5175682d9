from django import forms

from banso.core.forms import VERSION_MAX, BansoForm, JapaneseIntegerField
from banso.home.models import DUE_SOON_RANGE, NO_DIALOGUE_RANGE, AlertSettings


class AlertSettingsForm(BansoForm):
    due_soon_days = JapaneseIntegerField(
        label=AlertSettings._meta.get_field("due_soon_days").verbose_name,
        min_value=DUE_SOON_RANGE[0],
        max_value=DUE_SOON_RANGE[1],
        help_text=AlertSettings._meta.get_field("due_soon_days").help_text + "（1〜60日）",
    )
    no_dialogue_days = JapaneseIntegerField(
        label=AlertSettings._meta.get_field("no_dialogue_days").verbose_name,
        min_value=NO_DIALOGUE_RANGE[0],
        max_value=NO_DIALOGUE_RANGE[1],
        help_text=AlertSettings._meta.get_field("no_dialogue_days").help_text + "（7〜365日）",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=VERSION_MAX)

    def __init__(self, *args, context=None, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_soon_days"].initial = context.due_soon_days
        self.fields["no_dialogue_days"].initial = context.no_dialogue_days
        self.fields["version"].initial = record.version if record else None
