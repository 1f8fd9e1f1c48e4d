"""Contacts' name hashes ignore accents, case, spacing, hyphens and apostrophes
(core.crypto.name_hash): "José Núñez" and "jose nunez" are found as the same name."""

from django.db import migrations

from core.crypto import keyed_hash, rehash_names


def forwards(apps, schema_editor):
    rehash_names(apps.get_model("coalition", "Contact"))


def backwards(apps, schema_editor):
    # The hash before this migration: case and spacing only.
    rehash_names(
        apps.get_model("coalition", "Contact"),
        lambda name: keyed_hash(name) if name.strip() else "",
    )


class Migration(migrations.Migration):
    dependencies = [("coalition", "0004_campaign_list_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
