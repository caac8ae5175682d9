from django.db import migrations


def load(apps, schema_editor):
    from banso.knowledge.shipped import sync_shipped_items

    sync_shipped_items(apps.get_model("knowledge", "BankItem"))


def unload(apps, schema_editor):
    apps.get_model("knowledge", "BankItem").objects.filter(organization__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_consultations_and_question_bank")]

    operations = [migrations.RunPython(load, unload)]
