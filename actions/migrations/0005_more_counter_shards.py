"""Every petition gets the counter rows added when COUNTER_SHARDS went from 16 to 64 (empty:
the count is the sum of the rows, which stays what it was)."""

from django.db import migrations

SHARDS = 64


def add_shards(apps, schema_editor):
    Petition = apps.get_model("actions", "Petition")
    PetitionCounter = apps.get_model("actions", "PetitionCounter")
    for petition_id in Petition.objects.values_list("pk", flat=True).iterator():
        PetitionCounter.objects.bulk_create(
            [PetitionCounter(petition_id=petition_id, shard=n, count=0) for n in range(SHARDS)],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_signature_drop_redundant_indexes")]

    operations = [migrations.RunPython(add_shards, migrations.RunPython.noop, elidable=True)]
