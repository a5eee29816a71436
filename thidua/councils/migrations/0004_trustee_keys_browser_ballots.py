# Secret ballots are encrypted in the voter's browser under a key made by the trustees on their own devices.
# Ballots of the former scheme (encrypted by the server) cannot be checked by anyone and are dropped; the
# counts of closed polls stay on their nominees.

import uuid

import django.db.models.deletion
from django.db import migrations, models


def drop_server_encrypted_ballots(apps, schema_editor):
    apps.get_model("councils", "Ballot").objects.all().delete()
    Poll = apps.get_model("councils", "Poll")
    Poll.objects.update(public_key="", tally_ciphertexts=[])
    for pk in Poll.objects.values_list("pk", flat=True):
        Poll.objects.filter(pk=pk).update(election=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("councils", "0003_candidate_subject"),
    ]

    operations = [
        migrations.RemoveField(model_name="poll", name="wrapped_key"),
        migrations.RemoveField(model_name="poll", name="trustees"),
        migrations.AddField(model_name="poll", name="election",
                            field=models.UUIDField(default=uuid.uuid4, editable=False)),
        migrations.AddField(model_name="poll", name="trustees_needed",
                            field=models.PositiveSmallIntegerField(default=2, verbose_name="trustees needed to count")),
        migrations.AddField(model_name="poll", name="public_board",
                            field=models.BooleanField(default=False,
                                                      verbose_name="publish the bulletin board to everyone")),
        migrations.RunPython(drop_server_encrypted_ballots, migrations.RunPython.noop),
        migrations.AlterField(model_name="poll", name="public_key", field=models.CharField(blank=True, max_length=64)),
        migrations.AlterField(model_name="poll", name="status", field=models.CharField(
            choices=[("draft", "Not opened"), ("keys", "Trustees preparing the key"), ("open", "Open"),
                     ("counting", "Awaiting the trustees' count"), ("closed", "Closed")],
            default="draft", max_length=8, verbose_name="status")),
        migrations.RemoveField(model_name="ballot", name="receipt"),
        migrations.RemoveField(model_name="ballot", name="ciphertexts"),
        migrations.AddField(model_name="ballot", name="tracker", field=models.CharField(default="", max_length=43),
                            preserve_default=False),
        migrations.AddField(model_name="ballot", name="content", field=models.JSONField(default=dict),
                            preserve_default=False),
        migrations.AlterModelOptions(name="ballot", options={"ordering": ["tracker"]}),
        migrations.AddConstraint(model_name="ballot", constraint=models.UniqueConstraint(
            fields=("poll", "tracker"), name="unique_ballot_tracker")),
        migrations.CreateModel(
            name="PollTrustee",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("index", models.PositiveSmallIntegerField()),
                ("keys", models.JSONField(blank=True, null=True)),
                ("shares", models.JSONField(blank=True, null=True)),
                ("partial", models.JSONField(blank=True, null=True)),
                ("member", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="trusteeships",
                                             to="councils.councilmember")),
                ("poll", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="trustees",
                                           to="councils.poll")),
            ],
            options={"ordering": ["poll", "index"], "constraints": [
                models.UniqueConstraint(fields=("poll", "index"), name="unique_trustee_index"),
                models.UniqueConstraint(fields=("poll", "member"), name="unique_trustee_member")]},
        ),
        migrations.CreateModel(
            name="Ciphertext",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("alpha", models.CharField(max_length=64)),
                ("poll", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                           to="councils.poll")),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("poll", "alpha"), name="unique_ciphertext")]},
        ),
    ]
