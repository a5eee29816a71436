from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    Agency,
    BlockKind,
    Discipline,
    Gender,
    PersonCategory,
    Rating,
    Unit,
    UnitKind,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    established_on = forms.DateField(label=_("Established on"), required=False, widget=DateInput())


class PersonForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    category = forms.ChoiceField(label=_("Category"), choices=PersonCategory.choices)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=255, required=False)


class NewPersonForm(PersonForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    start_date = forms.DateField(label=_("In the unit from"), widget=DateInput())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class TransferForm(forms.Form):
    unit = UnitChoiceField(label=_("New unit"), queryset=Unit.objects.none())
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    position = forms.CharField(label=_("Position"), max_length=255, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class RatingForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2200)
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class DisciplineModelForm(forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["form", "decision_number", "decision_date", "effective_from", "effective_to", "reason"]
        widgets = {
            "decision_date": DateInput(),
            "effective_from": DateInput(),
            "effective_to": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }



class RenameForm(forms.Form):
    new_name = forms.CharField(label=_("New name"), max_length=255)
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)


class MoveForm(forms.Form):
    new_parent = UnitChoiceField(label=_("New parent unit"), queryset=Unit.objects.none())
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = units if units is not None else Unit.objects.none()


class DissolveForm(forms.Form):
    successor = UnitChoiceField(label=_("People and sub-units pass to"), queryset=Unit.objects.none())
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = units if units is not None else Unit.objects.none()


class MergeForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(label=_("Units to merge"), queryset=Unit.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    code = forms.CharField(label=_("Code of the new unit"), max_length=32)
    name = forms.CharField(label=_("Name of the new unit"), max_length=255)
    parent = UnitChoiceField(label=_("Parent unit"), queryset=Unit.objects.none(), required=False)
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = units if units is not None else Unit.objects.none()
        self.fields["sources"].queryset = qs
        self.fields["parent"].queryset = qs
        self.fields["sources"].label_from_instance = lambda u: f"{u.name} ({u.code})"


class SplitForm(forms.Form):
    code_1 = forms.CharField(label=_("Code of new unit 1"), max_length=32)
    name_1 = forms.CharField(label=_("Name of new unit 1"), max_length=255)
    code_2 = forms.CharField(label=_("Code of new unit 2"), max_length=32)
    name_2 = forms.CharField(label=_("Name of new unit 2"), max_length=255)
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)


class BlockForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=BlockKind.choices)
    host_agency = forms.ModelChoiceField(label=_("Standing agency"), queryset=Agency.objects.all(), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class BlockYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2200)
    agencies = forms.ModelMultipleChoiceField(label=_("Member agencies"), queryset=Agency.objects.all(),
                                              widget=forms.CheckboxSelectMultiple)
    leader = forms.ModelChoiceField(label=_("Leader"), queryset=Agency.objects.all())
    deputy = forms.ModelChoiceField(label=_("Deputy leader"), queryset=Agency.objects.all())
