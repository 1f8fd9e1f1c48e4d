"""Indexes for the reference lists at scale (issue 10): offices and jurisdictions by name.

The lists (/reference/offices/, /reference/jurisdictions/) show 50 rows at a time ordered by
name, out of about 20,000 offices and 3,500 places on a national server. Without an index on the
order, PostgreSQL joins and sorts every row for each page; with it, it reads the page in order.

The indexes are created here without being declared in the models' Meta (targets/models/ belongs
to other pieces of work): the migration state does not know them, so `makemigrations` stays
quiet. To declare them in Meta later, add the same models.Index there and a state-only
migration (SeparateDatabaseAndState with state_operations=[AddIndex(...)]).
"""

from django.db import migrations, models


def _index(model_name: str, name: str) -> migrations.AddIndex:
    return migrations.AddIndex(
        model_name=model_name, index=models.Index(fields=["name", "id"], name=name)
    )


class Migration(migrations.Migration):
    dependencies = [("targets", "0002_power_map")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                _index("office", "office_name_list"),
                _index("jurisdiction", "jurisdiction_name_list"),
            ],
            state_operations=[],
        )
    ]
