"""Recompute Company.search_text in the form of core.text.search_index: the name as typed and with its
legal form folded, the reading in katakana and in romaji, one per line."""

from django.db import migrations


def recompute(apps, schema_editor):
    from banso.core.text import search_index

    Company = apps.get_model("companies", "Company")
    batch = []
    for company in Company.objects.only("pk", "name", "name_kana").iterator(chunk_size=2000):
        company.search_text = search_index(names=[company.name], readings=[company.name_kana])
        batch.append(company)
        if len(batch) >= 2000:
            Company.objects.bulk_update(batch, ["search_text"])
            batch = []
    Company.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("companies", "0004_alter_company_capital_alter_company_employees_and_more")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
