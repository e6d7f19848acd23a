from django.db import migrations, models


class Migration(migrations.Migration):
    # Its own migration: on PostgreSQL the merge's deletions leave deferred foreign-key checks
    # pending until its transaction commits, and a table with pending checks cannot be altered.
    dependencies = [("childprog", "0003_merge_duplicate_periods")]

    operations = [
        migrations.AddConstraint(
            model_name="period",
            constraint=models.UniqueConstraint(
                fields=("program", "kind", "start", "end"), name="period_unique_span"
            ),
        ),
    ]
