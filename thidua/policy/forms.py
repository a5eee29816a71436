from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.codes import AWARDS
from thidua.awards.models import award_name
from thidua.organization.forms import DateInput, UnitChoiceField
from thidua.organization.models import Unit
from thidua.rules.reforms import MAX_DOCUMENT_CHARS

EXAMPLE = """changes:
  - set: quotas.cstd_co_so_share_of_ldtt
    from: 2026-01-01
    value: 0.2
"""


class ReformForm(forms.Form):
    unit = UnitChoiceField(label=_("Drafting unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=255)
    purpose = forms.CharField(label=_("Purpose"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.CharField(
        label=_("Reform document (YAML or JSON)"), max_length=MAX_DOCUMENT_CHARS, initial=EXAMPLE,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace", "spellcheck": "false"}),
        help_text=_("Each change is one of: “set” a parameter from a date (with “value”), “switch” a condition to "
                    "“met” or “not_met” from a date, “require” one more condition for an award from a date (with its "
                    "“reference”), or put an agency “regulation” into force from a date (with its “value” and "
                    "“reference”). Names are those of the published rules."))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Review comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AdoptForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, help_text=_("For example 12/QĐ-VPQH."))
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    signer = forms.CharField(label=_("Signed by"), max_length=255)
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput())


class SimulationForm(forms.Form):
    unit = UnitChoiceField(label=_("Units covered"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year of achievement"), min_value=2000, max_value=2200)
    as_of = forms.DateField(label=_("Date of consideration"), required=False, widget=DateInput(),
                            help_text=_("Empty: 31 December of the year."))
    awards = forms.MultipleChoiceField(label=_("Awards"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["awards"].choices = [(code, award_name(code)) for code in AWARDS]


class BacktestForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Past round"), queryset=None)

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
