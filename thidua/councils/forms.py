from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import award_choices
from thidua.organization.forms import DateInput, UnitChoiceField
from thidua.organization.models import Unit

from .models import CouncilKind, MemberRole


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CouncilForm(forms.Form):
    unit = UnitChoiceField(label=_("Serves unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=CouncilKind.choices)
    name = forms.CharField(label=_("Name"), max_length=255)
    decision_number = forms.CharField(label=_("Establishing decision"), max_length=64, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class MemberForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    term_start = forms.DateField(label=_("Term from"), widget=DateInput())
    term_end = forms.DateField(label=_("Term to"), widget=DateInput(), required=False)

    def clean_username(self):
        user = get_user_model().objects.filter(username=self.cleaned_data["username"].strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user with this name."))
        return user


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    location = forms.CharField(label=_("Location"), max_length=255, required=False)


class PollForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=255)
    award_code = forms.ChoiceField(label=_("Award (sets the threshold)"), required=False,
                                   choices=lambda: [("", _("Other item (half of all members)")), *award_choices()])
    secret = forms.BooleanField(label=_("Secret ballot"), required=False, initial=True)
    public_board = forms.BooleanField(
        label=_("Publish the bulletin board to everyone"), required=False, initial=False,
        help_text=_("Once counted, anyone (not only council members) may download the encrypted ballots and "
                    "proofs and check the result. No voter's name is in it."))
    candidates = forms.CharField(label=_("Nominees, one per line"), widget=forms.Textarea(attrs={"rows": 4}))

    def clean_candidates(self):
        return [{"label": line.strip()} for line in self.cleaned_data["candidates"].splitlines() if line.strip()]


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Delegate check-in code"), max_length=12)


def ballot_form(candidates, data=None):
    """One required choice per nominee; field names are the nominee's position on the ballot."""
    from .ballot import CHOICES

    labels = dict(zip(CHOICES, (_("Approve"), _("Disapprove"), _("Abstain")), strict=True))
    form = forms.Form(data)
    for index, candidate in enumerate(candidates):
        form.fields[f"c{index}"] = forms.ChoiceField(label=candidate.label, widget=forms.RadioSelect,
                                                     choices=[(c, labels[c]) for c in CHOICES])
    return form
