"""The shared cache's table (settings.CACHES uses the database unless CACHE_URL names Redis).

Made by a migration so that `migrate` alone prepares an installation."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_object_keys")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
