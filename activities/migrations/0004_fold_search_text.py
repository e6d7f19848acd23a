"""Recompute the stored search text of every record with the one folding of every list's search
(childprog.text.search_key: punctuation separates words, as in the library and commendations).

Rows are read in pk order in batches and only those whose text changes are written, so the
migration runs in constant memory on a million records."""

from django.db import migrations

BATCH = 2000


def refold(apps, schema_editor):
    from childprog.text import search_key

    Activity = apps.get_model("activities", "Activity")
    rows = (
        Activity.objects.order_by("pk")
        .select_related("unit", "movement")
        .only("pk", "search_text", "title", "place", "description", "unit__name", "movement__name")
    )
    changed = []
    for activity in rows.iterator(chunk_size=BATCH):
        # The texts of activities.models.text_keys, in its order.
        text = search_key(
            activity.title,
            activity.place,
            activity.description,
            activity.unit.name,
            activity.movement.name if activity.movement_id else "",
        )
        if text != activity.search_text:
            activity.search_text = text
            changed.append(activity)
        if len(changed) >= BATCH:
            Activity.objects.bulk_update(changed, ["search_text"])
            changed = []
    if changed:
        Activity.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_figure_totals_index")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
