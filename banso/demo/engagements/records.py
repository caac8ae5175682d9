"""Demo engagements for seed_demo: every step ①–⑦ across the bank's and the office's companies,
built through the domain functions (so history and the activity log look like real use).

丸山精工 — the company of the demo `owner` login — has a rich engagement at step ⑥ (and an earlier,
closed one), with dialogues, an issue tree from 表課題 to 裏課題, walls over time, stakeholders and
reflections. Idempotent: an engagement whose company and title already exist is left as it is.
The engagements go into context["engagements"] (a list, newest first per company) for
follow_through.py, which runs after this one.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from banso.core.models import ActivityLog
from banso.demo.engagements.stories import BANK_ENGAGEMENTS, OFFICE_ENGAGEMENTS
from banso.engagements import domain
from banso.engagements.engines import guideline as g
from banso.engagements.models import Dialogue, Engagement, IssueNode, Stakeholder


def _day(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _at(days_ago: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(_day(days_ago), dt.time(hour, 0)))


class _Builder:
    def __init__(self, spec: dict, company, users: dict):
        self.spec = spec
        self.company = company
        self.users = users
        self.lead = users[spec["lead"]]

    def build(self) -> Engagement:
        spec = self.spec
        engagement = domain.start_engagement(
            self.company,
            by=self.lead,
            kind=spec.get("kind", "process"),
            title=spec["title"],
            started_on=_day(spec["started"]),
            planned_months=spec.get("planned_months", g.DEFAULT_PLANNED_MONTHS),
            lead_supporter=self.lead,
            members=[self.users[u] for u in spec.get("members", [])],
        )
        self.engagement = engagement
        self.people = self._stakeholders()
        self._checks()
        self.dialogues: dict[str, Dialogue] = {}
        for _, action in sorted(self._timeline(), key=lambda item: -item[0]):
            action()
        for name, stance in spec.get("stance_changes", []):
            domain.update_stakeholder(self.people[name], by=self.lead, stance=stance)
        self._issues(spec.get("issues", []), parent=None)
        if "end" in spec:
            status, days, reason = spec["end"]
            domain.change_status(self._fresh(), by=self.lead, status=status, reason=reason, on=_day(days))
        return self._fresh()

    def _fresh(self) -> Engagement:
        return Engagement.objects.get(pk=self.engagement.pk)

    def _stakeholders(self) -> dict[str, Stakeholder]:
        people = {}
        for name, role, title, stance, influence, concerns, team in self.spec.get("stakeholders", []):
            people[name] = domain.add_stakeholder(
                self.engagement,
                by=self.lead,
                name=name,
                role=role,
                title=title,
                stance=stance,
                influence=influence,
                concerns=concerns,
                is_task_team_member=team,
            )
        return people

    def _checks(self) -> None:
        notes = self.spec.get("check_notes", {})
        for checkpoints in self.spec.get("checks", {}).values():
            for key in checkpoints:
                domain.record_step_check(
                    self.engagement, by=self.lead, checkpoint=key, done=True, note=notes.get(key, "")
                )

    def _timeline(self):
        """Dated events (days ago, action), played oldest first so each happens at its step."""
        spec = self.spec
        events = []
        for to_step, days, reason in spec.get("steps", []):
            events.append((days, lambda t=to_step, d=days, r=reason: self._move(t, d, r)))
        if "suitability" in spec:
            ratings, days = spec["suitability"]
            events.append((days + 0.5, lambda r=ratings, d=days: self._rate(r, d)))
        if "suitability_partial" in spec:
            events.append((9.5, lambda: self._rate(spec["suitability_partial"], 9)))
        if "decision" in spec:
            decision, days, reason = spec["decision"]
            events.append((days + 0.1, lambda c=decision, d=days, r=reason: self._decide(c, d, r)))
        for item in spec.get("dialogues", []):
            events.append((item["days"] + 0.2, lambda i=item: self._dialogue(i)))
        for days, ratings, notes in spec.get("walls", []):
            events.append((days + 0.3, lambda d=days, r=ratings, n=notes: self._walls(d, r, n)))
        return events

    def _move(self, to_step: int, days: int, reason: str) -> None:
        current = self._fresh()
        move = domain.advance_step if to_step > current.step else domain.return_to_step
        move(current, by=self.lead, to_step=to_step, reason=reason, decided_on=_day(days))

    def _rate(self, ratings: dict, days: int) -> None:
        for point, (rating, evidence) in ratings.items():
            domain.rate_suitability(
                self.engagement,
                by=self.lead,
                point=point,
                rating=rating,
                evidence=evidence,
                rated_on=_day(days),
            )

    def _decide(self, decision: str, days: int, reason: str) -> None:
        domain.decide_suitability(
            self._fresh(), by=self.lead, decision=decision, reason=reason, decided_on=_day(days)
        )

    def _dialogue(self, item: dict) -> None:
        advisors = [self.users[u] for u in item.get("advisors", [self.spec["lead"]])]
        dialogue = domain.record_dialogue(
            self.engagement,
            by=self.lead,
            held_at=_at(item["days"], item["hour"]),
            duration_minutes=item["minutes"],
            form=item["form"],
            step=item["step"],
            title=item["title"],
            participants=[self.people[name] for name in item["participants"]],
            advisors=advisors,
            listening_notes=item["listening"],
            owner_words=item["words"],
            insights=item["insights"],
            agreements=item["agreements"],
            next_steps=item["next"],
        )
        self.dialogues[item["key"]] = dialogue
        reflections = dict(item.get("other_reflections", {}))
        if "reflection" in item:
            reflections[self.spec["lead"]] = item["reflection"]
        for username, (listening, setting, motivation, note) in reflections.items():
            domain.record_reflection(
                dialogue,
                by=self.users[username],
                dialogue_listening=listening,
                issue_setting=setting,
                intrinsic_motivation=motivation,
                note=note,
            )

    def _walls(self, days: int, ratings: tuple, notes: dict) -> None:
        domain.record_wall_assessment(
            self.engagement,
            by=self.lead,
            assessed_on=_day(days),
            ratings=dict(zip(g.WALL_KEYS, ratings, strict=True)),
            notes=notes,
        )

    def _issues(self, nodes, *, parent, parent_at: dt.datetime | None = None) -> None:
        """Add the tree top-down, each node dated when it came up in the story (see _noted_at)."""
        for text, kind, agreed_key, dialogue_keys, children in nodes:
            dialogues = [self.dialogues[key] for key in dialogue_keys]
            agreed_on = self.dialogues[agreed_key].held_on if agreed_key else None
            node = domain.add_issue_node(
                self.engagement,
                by=self.lead,
                text=text,
                parent=parent,
                kind=kind,
                agreed_on=agreed_on,
                dialogues=dialogues,
            )
            at = self._noted_at(dialogues, parent_at)
            _backdate_issue(node, at)
            self._issues(children, parent=node, parent_at=at)

    def _noted_at(self, dialogues: list[Dialogue], parent_at: dt.datetime | None) -> dt.datetime:
        """When a node was written into the tree: at the end of the first dialogue where it came up,
        and never before the node it explains (a "why" is asked after its parent is there)."""
        ends = [d.held_at + dt.timedelta(minutes=d.duration_minutes or 0) for d in dialogues]
        at = min(ends) if ends else None
        if parent_at is not None:
            at = max(at or parent_at, parent_at + dt.timedelta(minutes=1))
        return at or timezone.make_aware(dt.datetime.combine(self.engagement.started_on, dt.time(18, 0)))


def _backdate_issue(node: IssueNode, at: dt.datetime) -> None:
    """Date an issue node, its field history (which the timeline reads) and its activity entry `at`
    the moment in the story it was added, instead of the day seed_demo runs."""
    IssueNode.objects.filter(pk=node.pk).update(created_at=at, updated_at=at)
    IssueNode.history.filter(id=node.pk).update(history_date=at)
    ActivityLog.objects.filter(
        company_id=node.engagement.company_id, code="engagement.issue.added", data__issue_id=node.pk
    ).update(created_at=at)


def _build_all(specs, companies, users) -> list[Engagement]:
    by_name = {company.name: company for company in companies}
    built = []
    for spec in specs:
        company = by_name[spec["company"]]
        existing = Engagement.objects.filter(company=company, title=spec["title"]).first()
        built.append(existing or _Builder(spec, company, users).build())
    return built


def build(context: dict) -> None:
    """Create (once) the demo engagements; put them in context["engagements"]."""
    users = context["users"]
    engagements = [
        *_build_all(BANK_ENGAGEMENTS, context["bank_companies"], users),
        *_build_all(OFFICE_ENGAGEMENTS, context["office_companies"], users),
    ]
    engagements.sort(key=lambda e: (e.company_id, -e.started_on.toordinal()))
    context["engagements"] = engagements
