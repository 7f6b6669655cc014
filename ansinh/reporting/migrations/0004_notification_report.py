"""Notifications point at their report instead of holding a page address: the reminders service no
longer builds URLs of the web layer. Existing links to a report ("/bao-cao/<id>/") become that report."""

import re

import django.db.models.deletion
from django.db import migrations, models

REPORT_LINK = re.compile(r"^/bao-cao/(\d+)/$")


def links_to_reports(apps, schema_editor):
    Notification = apps.get_model("reporting", "Notification")
    Report = apps.get_model("reporting", "Report")
    existing = set(Report.objects.values_list("pk", flat=True))
    for notification in Notification.objects.exclude(link=""):
        match = REPORT_LINK.match(notification.link)
        if match and int(match.group(1)) in existing:
            notification.report_id = int(match.group(1))
            notification.save(update_fields=["report"])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_provinces_role_and_approved_totals"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="report",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="reporting.report",
                verbose_name="báo cáo",
            ),
        ),
        migrations.RunPython(links_to_reports, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notification", name="link"),
    ]
