# A nominee carries an opaque subject ("nomination:42") instead of a foreign key into the nominations app.

from django.db import migrations, models


def nomination_to_subject(apps, schema_editor):
    Candidate = apps.get_model("councils", "Candidate")
    for candidate in Candidate.objects.exclude(nomination=None).only("pk", "nomination_id"):
        Candidate.objects.filter(pk=candidate.pk).update(subject=f"nomination:{candidate.nomination_id}")


def subject_to_nomination(apps, schema_editor):
    Candidate = apps.get_model("councils", "Candidate")
    for candidate in Candidate.objects.filter(subject__startswith="nomination:").only("pk", "subject"):
        Candidate.objects.filter(pk=candidate.pk).update(nomination_id=int(candidate.subject.split(":")[1]))


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0002_candidate_nomination'),
    ]

    operations = [
        migrations.AddField(
            model_name='candidate',
            name='subject',
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name='subject'),
        ),
        migrations.RunPython(nomination_to_subject, subject_to_nomination),
        migrations.RemoveField(
            model_name='candidate',
            name='nomination',
        ),
    ]
