"""The cache table that holds rate-limit counters shared by every worker process (settings.CACHES)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_token_expiry_scope_revocation"),
    ]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True)]
