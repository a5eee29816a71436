from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.organization.forms import DateInput, UnitChoiceField
from thidua.organization.models import Person, Unit

from .models import ModelKind


class NominationForm(forms.Form):
    unit = UnitChoiceField(label=_("Nominating unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("The model is"), choices=ModelKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    person_code = forms.CharField(label=_("Person's code (for a person)"), max_length=32, required=False)
    collective = UnitChoiceField(label=_("Collective (for a collective)"), queryset=Unit.objects.none(),
                                 required=False)
    initiative = forms.ModelChoiceField(label=_("Initiative (for an initiative)"), queryset=None, required=False)
    movement = forms.ModelChoiceField(label=_("Movement it came from"), queryset=None, required=False)
    year = forms.IntegerField(label=_("Year of the achievement"), min_value=2000, max_value=2100)
    reason = forms.CharField(label=_("Why it is an example to follow"), widget=forms.Textarea(attrs={"rows": 3}))
    story = forms.CharField(label=_("Story"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=_("Paragraphs separated by a blank line; bold, italics, lists and links are kept."))
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, initiatives, movements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["collective"].queryset = units
        self.fields["initiative"].queryset = initiatives
        self.fields["movement"].queryset = movements

    def clean(self):
        data = super().clean()
        code = (data.get("person_code") or "").strip()
        data["person"] = None
        if code and data.get("unit") is not None:
            data["person"] = Person.objects.filter(agency=data["unit"].agency, code=code).first()
            if data["person"] is None:
                self.add_error("person_code", _("No person with this code in the agency."))
        return data


class CitationForm(forms.Form):
    citation = forms.CharField(label=_("Citation"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class StoryForm(forms.Form):
    story = forms.CharField(label=_("Story"), widget=forms.Textarea(attrs={"rows": 14}),
                            help_text=_("Paragraphs separated by a blank line; bold, italics, lists and links are kept."))
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG or PNG)"))
    caption = forms.CharField(label=_("Caption"), max_length=255)


class AdoptForm(forms.Form):
    unit = UnitChoiceField(label=_("Adopting unit"), queryset=Unit.objects.none())
    plan = forms.CharField(label=_("Plan"), widget=forms.Textarea(attrs={"rows": 3}))
    indicator = forms.CharField(label=_("Indicator"), max_length=255,
                                help_text=_("For example: days to process a dossier, share of documents filed online."))
    baseline = forms.DecimalField(label=_("Value before"), max_digits=14, decimal_places=2)
    higher_is_better = forms.BooleanField(label=_("A higher value is better"), required=False, initial=True)
    started_on = forms.DateField(label=_("Adopted on"), widget=DateInput())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MeasureForm(forms.Form):
    result = forms.DecimalField(label=_("Value after"), max_digits=14, decimal_places=2)
    measured_on = forms.DateField(label=_("Measured on"), widget=DateInput())


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class SettingsForm(forms.Form):
    reactions = forms.BooleanField(label=_("Staff may react to stories"), required=False)
    comments = forms.BooleanField(label=_("Staff may comment on stories"), required=False)
    public_page = forms.BooleanField(label=_("Publish stories on a public page and feed"), required=False)
    email_digest = forms.BooleanField(label=_("Send the weekly digest by e-mail"), required=False)
    new_feed_key = forms.BooleanField(label=_("Issue a new key for the intranet feed"), required=False)


class CongressForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=255)


class HonourForm(forms.Form):
    model = forms.ModelChoiceField(label=_("Model to honour"), queryset=None)

    def __init__(self, *args, models, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = models
