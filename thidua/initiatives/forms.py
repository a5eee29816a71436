from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.organization.forms import DateInput, UnitChoiceField
from thidua.organization.models import Unit

from .models import SCORE_MAX, Field, InitiativeKind, Recommendation, Scope


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class InitiativeForm(forms.Form):
    unit = UnitChoiceField(label=_("Registering unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=InitiativeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    field = forms.ChoiceField(label=_("Field"), choices=Field.choices)
    problem = forms.CharField(label=_("Problem addressed"), widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(label=_("Solution"), widget=forms.Textarea(attrs={"rows": 4}))
    first_applied_on = forms.DateField(label=_("First applied on"), widget=DateInput())
    applied_units = UnitsField(label=_("Units where applied"), queryset=Unit.objects.none(), required=False,
                               widget=forms.SelectMultiple(attrs={"size": 5}))
    benefits = forms.CharField(label=_("Benefits (expected or measured)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    money_saved_vnd = forms.IntegerField(label=_("Money saved (VND per year)"), min_value=0, required=False)
    hours_saved = forms.IntegerField(label=_("Working hours saved per year"), min_value=0, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.none()
        self.fields["unit"].queryset = units
        self.fields["applied_units"].queryset = units


class AuthorForm(forms.Form):
    code = forms.CharField(label=_("Author (name or person code)"), max_length=255, required=False)
    share = forms.DecimalField(label=_("Contribution (%)"), max_digits=5, decimal_places=2, min_value=0,
                               max_value=100, required=False)

    def __init__(self, *args, agency=None, user=None, **kwargs):
        self.agency, self.user = agency, user
        super().__init__(*args, **kwargs)

    def clean(self):
        from .selectors import author_by_code_or_name

        data = super().clean()
        code, share = (data.get("code") or "").strip(), data.get("share")
        if not code and share is None:
            return data
        if not code:
            self.add_error("code", _("Enter the author's name or person code."))
        elif share is None:
            self.add_error("share", _("Enter the author's share."))
        else:  # only people of the user's units: a code or name elsewhere reveals nothing
            data["person"], problem = author_by_code_or_name(self.user, code, agency_id=getattr(self.agency, "pk",
                                                                                              self.agency))
            if problem == "ambiguous":
                self.add_error("code", _("Several people are named “%(name)s”: search and pick one from the list.")
                               % {"name": code})
            elif problem:
                self.add_error("code", _("Nobody named or coded “%(code)s” among the people you may see.")
                               % {"code": code})
        return data


AuthorFormSet = forms.formset_factory(AuthorForm, extra=0, min_num=3, max_num=20)


def authors_from(formset) -> list[tuple]:
    return [(f.cleaned_data["person"], f.cleaned_data["share"]) for f in formset.forms
            if f.cleaned_data.get("person") is not None]


class ReviewForm(forms.Form):
    novelty = forms.IntegerField(label=_("Novelty"), min_value=0, max_value=SCORE_MAX)
    applicability = forms.IntegerField(label=_("Applicability"), min_value=0, max_value=SCORE_MAX)
    effectiveness = forms.IntegerField(label=_("Effectiveness"), min_value=0, max_value=SCORE_MAX)
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecognitionForm(forms.Form):
    scope = forms.TypedChoiceField(label=_("Scope of effect"), choices=Scope.choices, coerce=int)
    authority = forms.CharField(label=_("Recognising authority"), max_length=255)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, Word, Excel, image)"))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Title or author (diacritics optional)"), required=False)
    field = forms.ChoiceField(label=_("Field"), choices=[("", _("All"))] + Field.choices, required=False)
    scope = forms.TypedChoiceField(label=_("Scope"), choices=[("", _("All"))] + Scope.choices, coerce=int,
                                   required=False, empty_value=None)
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + InitiativeKind.choices, required=False)
