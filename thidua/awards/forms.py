from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.organization.forms import DateInput

from .models import RevocationGround


class RevocationForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground (Law 06/2022, chapter VII)"), choices=RevocationGround.choices)
    decision_number = forms.CharField(label=_("Revocation decision number"), max_length=64)
    decision_date = forms.DateField(label=_("Revocation decision date"), widget=DateInput())
    authority = forms.CharField(label=_("Revoking authority"), max_length=255)
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
