from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import award_choices
from thidua.organization.forms import DateInput, UnitChoiceField
from thidua.organization.models import Unit

from .models import DocumentKind, RoundKind, State


class RoundForm(forms.Form):
    unit = UnitChoiceField(label=_("Units covered"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    year = forms.IntegerField(label=_("Year of achievement"), min_value=2000, max_value=2100)
    award_codes = forms.MultipleChoiceField(label=_("Awards covered"), widget=forms.CheckboxSelectMultiple)
    nomination_deadline = forms.DateField(label=_("Nominations due"), widget=DateInput())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["award_codes"].choices = award_choices()


class NominateForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput, required=False)
    collective = forms.IntegerField(widget=forms.HiddenInput, required=False)
    award_code = forms.CharField(widget=forms.HiddenInput)
    justification = forms.CharField(label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name (diacritics optional)"), required=False)
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All"))] + State.choices, required=False)
    award = forms.CharField(required=False, widget=forms.HiddenInput)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Signed scan (PDF, Word, image)"))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment or objection"), widget=forms.Textarea(attrs={"rows": 2}))
    anonymous = forms.BooleanField(label=_("Send anonymously"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DisclosureForm(forms.Form):
    starts_on = forms.DateField(label=_("Published from"), widget=DateInput())
    allow_anonymous = forms.BooleanField(label=_("Accept anonymous comments"), required=False)


class DecisionForm(forms.Form):
    award_code = forms.ChoiceField(label=_("Award"))
    number = forms.CharField(label=_("Decision number"), max_length=64)
    date = forms.DateField(label=_("Decision date"), widget=DateInput())
    signer = forms.CharField(label=_("Signed by"), max_length=255)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=255)
    authority = forms.CharField(label=_("Granting authority"), max_length=255)

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_code"].choices = award_choices(codes)
