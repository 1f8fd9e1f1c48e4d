"""Indexes for the story lists at scale (issue 10).

- story_campaign_recent: the web list (stories:index) shows a campaign's stories by
  -created_at, -id, 25 at a time. Without it PostgreSQL reads every story of the campaign,
  checks each one's consent, joins the storytellers and sorts, for 25 rows; with it, it walks
  the campaign's stories in order and stops after the page.
- story_campaign_id: the API's lists page by -id (a cursor). Without it PostgreSQL walks the
  whole table's primary key backwards, skipping other campaigns' stories, for the campaigns
  made first; with it, it walks only the campaign's.

The indexes are created here without being declared in Story.Meta (stories/models.py belongs to
another piece of work): the migration state does not know them, so `makemigrations` stays
quiet. To declare them in Meta later, add the same models.Index there and a state-only migration
(SeparateDatabaseAndState with state_operations=[AddIndex(...)], no database operation).
"""

from django.db import migrations, models

INDEXES = [
    models.Index(fields=["campaign", "-created_at", "-id"], name="story_campaign_recent"),
    models.Index(fields=["campaign", "id"], name="story_campaign_id"),
]


class Migration(migrations.Migration):
    dependencies = [("stories", "0002_consent_texts")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(model_name="story", index=index) for index in INDEXES
            ],
            state_operations=[],
        )
    ]
