from django.db import migrations, models


def seal_existing_log(apps, schema_editor):
    """Re-seal a log written under the unkeyed chain with the keyed MAC, if it is intact; a tampered log is left as
    it is, so that `thidua audit verify` names the first bad event."""
    from thidua.audit import services

    if services.AuditEvent.objects.exists() and services.legacy_chain_intact():
        services.rechain()


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
