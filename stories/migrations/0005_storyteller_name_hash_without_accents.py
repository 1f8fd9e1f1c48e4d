"""Storytellers' name hashes ignore accents, case, spacing, hyphens and apostrophes
(core.crypto.name_hash): "maria jose nunez" finds "María José Ñúñez"."""

from django.db import migrations

from core.crypto import keyed_hash, rehash_names


def forwards(apps, schema_editor):
    rehash_names(apps.get_model("stories", "Storyteller"))


def backwards(apps, schema_editor):
    # The hash before this migration: case and spacing only.
    rehash_names(
        apps.get_model("stories", "Storyteller"),
        lambda name: keyed_hash(name) if name.strip() else "",
    )


class Migration(migrations.Migration):
    dependencies = [("stories", "0004_consent_renewal_booking_redaction")]
    operations = [migrations.RunPython(forwards, backwards)]
