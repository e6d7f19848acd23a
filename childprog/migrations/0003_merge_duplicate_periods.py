from django.db import migrations


def merge_duplicates(apps, schema_editor):
    # Periods with the same dates are one period: merge them before the constraint can hold.
    from childprog.period_merge import merge_duplicate_periods

    merge_duplicate_periods(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("childprog", "0002_vietnamese_labels_and_program_rules"),
        ("reports", "0002_document_and_signer"),
    ]

    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
    ]
