from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "banso.orgs"
    label = "orgs"
    verbose_name = "支援機関・利用者"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_decide_second_factor, dispatch_uid="banso.orgs.domain.two_factor")


def _decide_second_factor(sender, request, user, **kwargs):
    """At every sign-in, decide once whether this session still owes a second factor."""
    from banso.orgs.domain import two_factor

    if request is not None and hasattr(request, "session"):
        request.session[two_factor.SESSION_STATE] = two_factor.state_at_sign_in(user)
