"""The daily digest as scheduled work: cron runs `manage.py enqueue_scheduled send_digests` and the
worker sends the mails (digests.send_digests is the whole job; running it twice sends nothing twice)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from banso.core import jobs


@task()
def send_digests_task() -> dict:
    from banso.home.digests import send_digests

    return asdict(send_digests())


def register() -> None:
    jobs.register_scheduled(
        "send_digests",
        label="毎日のお知らせメール（未読の通知と今日やること）",
        enqueue=lambda: send_digests_task.enqueue(),
    )
