"""`{% engagement_form_aids aid_context %}`: the aids other areas register beside an engagement's forms
(banso.core.engagement_form_aids), e.g. the 質問バンク next to the dialogue form."""

from django import template

from banso.core.engagement_form_aids import form_aids

register = template.Library()


@register.inclusion_tag("includes/engagement_form_aids.html", takes_context=True)
def engagement_form_aids(context, aid_context):
    return {"aids": form_aids(context.get("request"), aid_context)}
