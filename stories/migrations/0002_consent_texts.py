from django.db import migrations

from stories.consent_texts import install


def create_texts(apps, schema_editor):
    install(apps.get_model("stories", "ConsentText"))


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]
    operations = [migrations.RunPython(create_texts, migrations.RunPython.noop)]
