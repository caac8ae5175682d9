"""Copy the shipped question bank (data/question_bank.json) into the database: new keys are added,
changed texts updated; organizations' own copies and hidden marks are untouched. Used by the data
migration (with the historical model) and by `manage.py load_question_bank` after the file grows."""

from __future__ import annotations

from banso.knowledge.engines import question_bank as qb

FIELDS = ("kind", "step", "wall", "industry_group", "text", "how", "measure")


def sync_shipped_items(model) -> tuple[int, int]:
    """(added, updated) shipped rows. `model` is BankItem or its historical version in a migration."""
    existing = {item.shipped_key: item for item in model.objects.filter(organization__isnull=True)}
    added = updated = 0
    new = []
    for entry in qb.shipped_entries():
        values = {name: getattr(entry, name) for name in FIELDS}
        item = existing.get(entry.key)
        if item is None:
            new.append(model(organization=None, shipped_key=entry.key, **values))
            added += 1
        elif any(getattr(item, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(item, name, value)
            item.version += 1
            item.save()
            updated += 1
    model.objects.bulk_create(new)
    return added, updated
