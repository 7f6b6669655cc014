"""Export jobs of every kind (issue 21): the programme on every job (its period's for the workbooks already
made), the period only for the workbook, the options and content type each kind's writer needs."""

import django.db.models.deletion
from django.db import migrations, models

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def programme_of_the_period(apps, schema_editor):
    ExportJob = apps.get_model("exchange", "ExportJob")
    for job in ExportJob.objects.select_related("period"):
        job.program_id = job.period.program_id
        job.content_type = XLSX
        job.save(update_fields=["program", "content_type"])


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0002_export_jobs"),
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="exportjob", name="exchange_ex_period__431f62_idx"),
        migrations.AddField(
            model_name="exportjob",
            name="program",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="export_jobs",
                to="programs.program",
                verbose_name="chương trình",
            ),
        ),
        migrations.AddField(
            model_name="exportjob",
            name="options",
            field=models.JSONField(blank=True, default=dict, verbose_name="tùy chọn"),
        ),
        migrations.AddField(
            model_name="exportjob",
            name="content_type",
            field=models.CharField(default="", max_length=100, verbose_name="kiểu tệp"),
            preserve_default=False,
        ),
        migrations.RunPython(programme_of_the_period, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="exportjob",
            name="program",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="export_jobs",
                to="programs.program",
                verbose_name="chương trình",
            ),
        ),
        migrations.AlterField(
            model_name="exportjob",
            name="period",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="export_jobs",
                to="reporting.reportingperiod",
                verbose_name="kỳ báo cáo",
            ),
        ),
        migrations.AlterField(
            model_name="exportjob",
            name="kind",
            field=models.CharField(
                choices=[
                    ("period_workbook", "Bảng tổng hợp các đơn vị của kỳ (Excel)"),
                    ("dhis2", "Số liệu đã duyệt dạng DHIS2 dataValueSets"),
                    ("opensdg", "Một chỉ tiêu dạng Open SDG (CSV)"),
                ],
                max_length=32,
                verbose_name="loại tệp",
            ),
        ),
        migrations.AddIndex(
            model_name="exportjob",
            index=models.Index(fields=["program", "-created_at"], name="exchange_ex_program_3565f8_idx"),
        ),
    ]
