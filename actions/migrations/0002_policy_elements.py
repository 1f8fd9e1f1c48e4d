"""Ship the toolkit's catalogue of detainer-policy elements (in our own words)."""

from django.db import migrations


def add_elements(apps, schema_editor):
    from actions.catalogue import ELEMENTS

    PolicyElement = apps.get_model("actions", "PolicyElement")
    existing = set(PolicyElement.objects.values_list("code", flat=True))
    PolicyElement.objects.bulk_create(
        [
            PolicyElement(
                code=data["code"],
                group=data["group"],
                name=data["name"],
                description=data["description"],
                weight=data["weight"],
                touches_information_sharing=data["information_sharing"],
                position=position,
            )
            for position, data in enumerate(ELEMENTS, start=1)
            if data["code"] not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]

    operations = [migrations.RunPython(add_elements, migrations.RunPython.noop)]
