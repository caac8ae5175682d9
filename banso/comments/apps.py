from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "banso.comments"
    label = "comments"
    verbose_name = "コメントと通知"
