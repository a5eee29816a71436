"""`thidua check --deploy` fails on warnings as well as errors: a production install must be clean."""

from django.core.management.commands.check import Command as DjangoCheck


class Command(DjangoCheck):
    def handle(self, *app_labels, **options):
        if options["deploy"] and options["fail_level"] == "ERROR":
            options["fail_level"] = "WARNING"
        return super().handle(*app_labels, **options)
