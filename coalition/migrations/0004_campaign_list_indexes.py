"""Indexes for a campaign's lists in the API at scale (issue 10).

The API pages a campaign's contacts, organizations, meetings and follow-ups by -id (a cursor).
With only the single-column index on the campaign, PostgreSQL walks the whole table's primary
key backwards and skips the rows of other campaigns: for the campaigns made first, tens of
thousands of rows for one page. An index on (campaign, id) lets it walk only the campaign's.

The indexes are created here without being declared in the models' Meta (coalition/models/
belongs to other pieces of work): the migration state does not know them, so `makemigrations`
stays quiet. To declare them in Meta later, add the same models.Index there and a state-only
migration (SeparateDatabaseAndState with state_operations=[AddIndex(...)]).
"""

from django.db import migrations, models

INDEXES = [
    ("contact", "contact_campaign_id"),
    ("organization", "organization_campaign_id"),
    ("meeting", "meeting_campaign_id"),
    ("followup", "followup_campaign_id"),
]


class Migration(migrations.Migration):
    dependencies = [("coalition", "0003_allies_contacts_meetings_followups")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name=model, index=models.Index(fields=["campaign", "id"], name=name)
                )
                for model, name in INDEXES
            ],
            state_operations=[],
        )
    ]
