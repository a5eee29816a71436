from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from thidua.organization.forms import DateInput, UnitChoiceField
from thidua.organization.models import EmulationBlock, Unit

from .models import CriterionKind, Measure, MovementKind, Rubric, TieBreak


class MovementForm(forms.Form):
    title = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=MovementKind.choices)
    slogan = forms.CharField(label=_("Slogan"), max_length=255, required=False)
    goals = forms.CharField(label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    unit = UnitChoiceField(label=_("Unit subtree (its sub-units take part)"), queryset=Unit.objects.none(),
                           required=False)
    block = forms.ModelChoiceField(label=_("or an emulation block (its members cross-score)"),
                                   queryset=EmulationBlock.objects.all(), required=False)
    rubric = forms.ModelChoiceField(label=_("Criteria rubric"), queryset=Rubric.objects.none())
    tie_break = forms.ChoiceField(label=_("Tie-break rule"), choices=TieBreak.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    registration_until = forms.DateField(label=_("Pledges until"), widget=DateInput())
    reporting_until = forms.DateField(label=_("Reporting until"), widget=DateInput())
    scoring_from = forms.DateField(label=_("Scoring from"), widget=DateInput())
    scoring_until = forms.DateField(label=_("Scoring until"), widget=DateInput())
    joint_pledge = forms.CharField(label=_("Joint pledge text (blocks)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    person_pledges = forms.BooleanField(label=_("Each person pledges too"), required=False)

    def __init__(self, *args, units=None, rubrics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["rubric"].queryset = rubrics if rubrics is not None else Rubric.objects.none()


class RubricForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    bonus_cap = forms.DecimalField(label=_("Cap on bonus points"), required=False, min_value=0)


class CriterionForm(forms.Form):
    group = forms.CharField(label=_("Group"), max_length=255)
    code = forms.CharField(label=_("Code"), max_length=16)
    name = forms.CharField(label=_("Criterion"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=CriterionKind.choices)
    max_score = forms.DecimalField(label=_("Maximum score"), min_value=0.01)
    weight = forms.DecimalField(label=_("Weight"), min_value=0.01, initial=1)
    measure = forms.ChoiceField(label=_("Measured as"), choices=Measure.choices)
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    evidence_note = forms.CharField(label=_("Evidence expected"), max_length=500, required=False)


class EvidenceForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"))
    reported_value = forms.CharField(label=_("Result achieved"), max_length=255, required=False)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https", max_length=200)
    file = forms.FileField(label=_("File"), required=False)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c.code, str(c)) for c in criteria]


class WorkPlanForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"))
    target = forms.CharField(label=_("Target in the work plan"), max_length=255)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c.code, str(c)) for c in criteria]


def per_criterion_form(criteria, data=None, *, decimal=True, comments=False, initial=None):
    """One field per criterion (a score within its range, or a target), named by the criterion's code."""
    form = forms.Form(data, initial=initial)
    for criterion in criteria:
        if decimal:
            form.fields[criterion.code] = forms.DecimalField(
                label=f"{criterion.code}. {criterion.name} (0–{criterion.max_score.normalize():f})", required=False,
                min_value=0, max_value=criterion.max_score, decimal_places=2)
        else:
            form.fields[criterion.code] = forms.CharField(label=f"{criterion.code}. {criterion.name}", required=False,
                                                          max_length=255)
        if comments:
            form.fields[f"comment_{criterion.code}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": criterion.code}, required=False)
    return form


class FlagProposalForm(forms.Form):
    units = forms.ModelMultipleChoiceField(label=_("Units proposed"), queryset=Unit.objects.none(),
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": _("Choose the units to propose.")})
    reason = forms.CharField(label=_("Reason for the proposal"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=4000, error_messages={"required": _(
                                 "Write the reason for the proposal: the achievements that earn the Emulation Flag.")})

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        ranks = {r.unit_id: r.rank for r in results}
        if ranks:
            by_rank = Case(*[When(pk=pk, then=rank) for pk, rank in ranks.items()])
            self.fields["units"].queryset = Unit.objects.filter(pk__in=list(ranks)).order_by(by_rank, "name")
        self.fields["units"].label_from_instance = lambda unit: f"{ranks[unit.pk]}. {unit.name}"


def pledge_assessment_form(criteria, targets: dict, data=None, initial=None):
    """Per target of a personal pledge: the result achieved and a self-score within the criterion's range."""
    form = forms.Form(data, initial=initial)
    for criterion in criteria:
        form.fields[f"result_{criterion.code}"] = forms.CharField(
            label=_("%(code)s. Result achieved (target: %(target)s)") % {"code": criterion.code,
                                                                       "target": targets.get(criterion.code, "")},
            required=False, max_length=500)
        form.fields[f"value_{criterion.code}"] = forms.DecimalField(
            label=_("%(code)s. Self-score (0–%(max)s)") % {"code": criterion.code,
                                                           "max": f"{criterion.max_score.normalize():f}"},
            required=False, min_value=0, max_value=criterion.max_score, decimal_places=2)
    return form


class PledgeEvidenceForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Target"))
    file = forms.FileField(label=_("File (PDF, Word, Excel, image)"), required=False)
    link = forms.URLField(label=_("or a link"), required=False, assume_scheme="https", max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c.code, str(c)) for c in criteria]


class PledgeReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("approve", _("Confirm the self-assessment")), ("return", _("Return it for completion"))])
    note = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
