"""Fewer indexes and foreign-key checks on the records, their figures and their history, and on
PostgreSQL one composite foreign key that ties each figure's copies to its record
(docs/records.md, "Figures and their record" and "Indexes").

Django's three constraints on a figure's activity, unit and content area become one reference,
(activity_id, unit_id, content_area_id, end_date) to the record's same columns, ON UPDATE CASCADE:
a figure can then only carry its record's current values, and moving a record moves its figures
in the same statement. It needs a unique key on those four columns of the record. SQLite (tests,
development) has no way to add such a key to an existing table; there the model code keeps the
copies in step (Activity.save, ActivityQuerySet), as it does on PostgreSQL too."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COMPOSITE_KEY = """
UPDATE activities_figure f
   SET unit_id = a.unit_id, content_area_id = a.content_area_id, end_date = a.end_date
  FROM activities_activity a
 WHERE a.id = f.activity_id
   AND (f.unit_id, f.content_area_id, f.end_date) IS DISTINCT FROM (a.unit_id, a.content_area_id, a.end_date);
ALTER TABLE activities_activity
  ADD CONSTRAINT activity_figure_copies_key UNIQUE (id, unit_id, content_area_id, end_date);
ALTER TABLE activities_figure
  ADD CONSTRAINT figure_record_copies_fk FOREIGN KEY (activity_id, unit_id, content_area_id, end_date)
  REFERENCES activities_activity (id, unit_id, content_area_id, end_date)
  ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;
"""

DROP_COMPOSITE_KEY = """
ALTER TABLE activities_figure DROP CONSTRAINT figure_record_copies_fk;
ALTER TABLE activities_activity DROP CONSTRAINT activity_figure_copies_key;
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql.split(";")[:-1]:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0004_fold_search_text'),
        ('childprog', '0004_one_period_per_span'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='activity',
            name='content_area',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, to='childprog.contentarea', verbose_name='nội dung'),
        ),
        migrations.AlterField(
            model_name='activity',
            name='external_key',
            field=models.CharField(blank=True, help_text='Khóa ổn định của dòng nhập từ tệp: nhập lại cùng tệp không tạo bản ghi mới.', max_length=100, null=True, verbose_name='mã nhập'),
        ),
        migrations.AlterField(
            model_name='activity',
            name='program',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, to='childprog.program', verbose_name='chương trình'),
        ),
        migrations.AlterField(
            model_name='activity',
            name='submission_key',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='activity',
            name='unit',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='activities', to='childprog.unit', verbose_name='đơn vị tổ chức'),
        ),
        migrations.AlterField(
            model_name='figure',
            name='activity',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='figures', to='activities.activity'),
        ),
        migrations.AlterField(
            model_name='figure',
            name='content_area',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='childprog.contentarea'),
        ),
        migrations.AlterField(
            model_name='figure',
            name='unit',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='childprog.unit'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='content_area',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='childprog.contentarea', verbose_name='nội dung'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='created_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='external_key',
            field=models.CharField(blank=True, help_text='Khóa ổn định của dòng nhập từ tệp: nhập lại cùng tệp không tạo bản ghi mới.', max_length=100, null=True, verbose_name='mã nhập'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='movement',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='childprog.movement', verbose_name='phong trào, mô hình'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='program',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='childprog.program', verbose_name='chương trình'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='unit',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='childprog.unit', verbose_name='đơn vị tổ chức'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='updated_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='figure',
            name='indicator',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, to='childprog.indicator'),
        ),
        migrations.AlterField(
            model_name='figure',
            name='target_group',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, to='childprog.targetgroup'),
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.UniqueConstraint(fields=('external_key',), name='activity_external_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_key__isnull', False)), fields=('submission_key',), name='activity_submission_unique'),
        ),
        migrations.RunPython(_on_postgresql(COMPOSITE_KEY), _on_postgresql(DROP_COMPOSITE_KEY)),
    ]
