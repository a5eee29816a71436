from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CheckResult, Severity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Units covered"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=255)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ScheduleForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Inspected unit"), queryset=None)
    scheduled_on = forms.DateField(label=_("Scheduled on"), widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    action_required = forms.CharField(label=_("Follow-up required"), widget=forms.Textarea(attrs={"rows": 2}),
                                      max_length=4000)
    due_on = forms.DateField(label=_("Follow-up due"), widget=DATE)


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Follow-up done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    response_link = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https", max_length=200)
    response_file = forms.FileField(label=_("Evidence file"), required=False)


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)


def checklist_form(items, data=None):
    form = forms.Form(data)
    for item in items:
        form.fields[f"result_{item.pk}"] = forms.ChoiceField(label=item.text, choices=CheckResult.choices,
                                                             required=False, initial=item.result)
        form.fields[f"note_{item.pk}"] = forms.CharField(label=_("Note on: %(item)s") % {"item": item.text},
                                                         required=False, initial=item.note, max_length=2000)
    return form
