from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organization", "0002_unitrating"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="separation_of_duties",
            field=models.BooleanField(
                default=True,
                help_text="Whoever prepares or submits a dossier may not review it at the next level nor sign its "
                          "decision.",
                verbose_name="separation of duties"),
        ),
    ]
