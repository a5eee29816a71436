from django.db import migrations, models


def seal_existing_log(apps, schema_editor):
    """Re-seal a log written under the unkeyed chain with the keyed MAC, if it is intact; a tampered log is left as
    it is, so that `thidua audit verify` names the first bad event."""
    from thidua.audit import services

    event, head = apps.get_model("audit", "AuditEvent"), apps.get_model("audit", "AuditHead")
    if event.objects.exists() and services.legacy_chain_intact(event):
        services.rechain(event, head)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="unit_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name="unit"),
        ),
        migrations.RunPython(seal_existing_log, migrations.RunPython.noop),
    ]
