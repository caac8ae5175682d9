"""The load mix of `make load` (scripts/load.sh runs it headless against `make serve`).

Three kinds of signed-in user, weighted like a bank's day: supporters (most of the traffic: 今日やること,
their companies, the engagement pages, ローカルベンチマーク, monitoring), the org admin (company list
searches, portfolio, activity log) and a company owner (the portal). Each virtual user takes one of
the sessions bench/load_prepare.py created (LOAD_DATA), so no request is spent on password hashing.
Think time is zero: the figure is the server's throughput, not a user's pace.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

DATA = json.loads(Path(os.environ["LOAD_DATA"]).read_text(encoding="utf-8"))
_next_supporter = itertools.count()
WAIT = float(os.environ.get("LOAD_WAIT", "0"))


class Signed(HttpUser):
    abstract = True
    wait_time = between(0, WAIT) if WAIT else (lambda self: 0)
    profile: dict

    def on_start(self):
        self.client.cookies.set(DATA["cookie"], self.profile["session"])

    def get(self, url, name):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Supporter(Signed):
    weight = 8

    def on_start(self):
        supporters = DATA["supporters"]
        self.profile = supporters[next(_next_supporter) % len(supporters)]
        self.urls = self.profile["urls"]
        super().on_start()

    @task(3)
    def today(self):
        self.get(self.urls["today"], "今日やること")

    @task(3)
    def companies(self):
        self.get(self.urls["companies"], "company list (supporter)")

    @task(3)
    def company(self):
        self.get(random.choice(self.urls["company"]), "company page")

    @task(2)
    def benchmark(self):
        self.get(random.choice(self.urls["benchmark"]), "ローカルベンチマーク")

    @task(8)
    def engagement(self):
        if not self.urls["engagement"]:
            return
        pages = random.choice(self.urls["engagement"])
        name = random.choice(
            ["detail", "dialogues", "dialogues", "issues", "walls", "action_list", "timeline"]
        )
        self.get(pages[name], f"engagement {name}")

    @task(2)
    def monitoring(self):
        if self.urls["monitoring"]:
            self.get(self.urls["monitoring"][0], "monitoring table")


class Admin(Signed):
    weight = 1

    def on_start(self):
        self.profile = DATA["admin"]
        self.urls = self.profile["urls"]
        super().on_start()

    @task(3)
    def companies(self):
        self.get(self.urls["companies"], "company list (admin)")

    @task(2)
    def search(self):
        self.get(f"{self.urls['companies']}?q=スケール{random.randrange(1000):03d}", "company list search")

    @task(1)
    def deep(self):
        self.get(f"{self.urls['companies']}?page={random.randrange(1, 400)}", "company list deep page")

    @task(1)
    def portfolio(self):
        self.get(self.urls["portfolio"], "portfolio")

    @task(1)
    def activity(self):
        self.get(self.urls["activity"], "activity log")


class Owner(Signed):
    weight = 1

    def on_start(self):
        self.profile = DATA["owner"]
        super().on_start()

    @task
    def portal(self):
        self.get(self.profile["urls"]["portal"], "portal home")
