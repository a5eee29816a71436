"""Reads of exemplary models scoped to the acting user; the unit tree of a model's adoption; leaders' example."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from thidua.accounts.models import Role
from thidua.accounts.scope import units_for
from thidua.awards.selectors import records_of
from thidua.core.text import fold, search_tokens
from thidua.movements.selectors import personal_pledges, unit_results
from thidua.organization.models import Person, Unit, YearlyRating

from .models import ExemplaryModel, Photo
from .rules import agency_ids


def visible_models(user, *, query=None, status=None, kind=None, year=None, agency=None) -> QuerySet:
    """Models in units the user's roles cover, and published ones of the user's agencies."""
    qs = ExemplaryModel.objects.select_related("unit", "agency")
    allowed = units_for(user)
    if allowed is not None:
        qs = qs.filter(Q(unit_id__in=allowed) | Q(published_at__isnull=False, agency_id__in=agency_ids(user)))
    for token in search_tokens(query):
        qs = qs.filter(Q(search_text__contains=token) | Q(unit__search_text__contains=token))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs


def showcase(user) -> QuerySet:
    """The published stories of the user's agencies, newest first, with their counts of reactions."""
    qs = ExemplaryModel.objects.filter(published_at__isnull=False)
    if not user.is_superuser:
        qs = qs.filter(agency_id__in=agency_ids(user))
    return (qs.select_related("unit", "agency").prefetch_related("photos")
            .annotate(reaction_count=Count("reactions", distinct=True)).order_by("-published_at", "-pk"))


def public_stories(agency) -> QuerySet:
    return (ExemplaryModel.objects.filter(agency=agency, published_at__isnull=False)
            .select_related("unit").prefetch_related("photos").order_by("-published_at", "-pk"))


def gallery(user) -> QuerySet:
    qs = Photo.objects.filter(model__published_at__isnull=False)
    if not user.is_superuser:
        qs = qs.filter(model__agency_id__in=agency_ids(user))
    return qs.select_related("model").order_by("-model__published_at", "pk")


def agency_readers(agency) -> QuerySet:
    """Active accounts of the agency's staff: a role on one of its units, or a person of the agency."""
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(person__agency=agency) | Q(roles__unit__agency=agency)).distinct().order_by("pk"))


@dataclass
class AdoptionNode:
    unit: Unit
    depth: int
    replication: object = None
    origin: bool = False


def adoption_tree(model: ExemplaryModel) -> list[AdoptionNode]:
    """The agency's unit tree with the model's origin and every adopting unit marked (only branches with marks)."""
    root = model.agency.root_unit
    if root is None:
        return []
    by_unit = {r.unit_id: r for r in model.replications.all()}
    nodes = list(Unit.objects.descendants(root, include_self=True).with_tree_fields())
    marked = set(by_unit) | {model.unit_id}
    keep = set()
    for node in nodes:
        if node.pk in marked:
            keep.update(node.tree_path)
    return [AdoptionNode(unit=n, depth=n.tree_depth, replication=by_unit.get(n.pk), origin=n.pk == model.unit_id)
            for n in nodes if n.pk in keep]


LEADER_WORDS = ("truong", "giam doc", "chu tich", "bi thu")


@dataclass
class LeaderExample:
    person: Person
    ratings: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    pledges: list = field(default_factory=list)
    models: list = field(default_factory=list)


def unit_leaders(unit: Unit) -> list[Person]:
    """The unit's leaders: holders of the unit-leader role on it, and its people whose position is a leading one."""
    role_holders = set(get_user_model().objects.filter(roles__role=Role.UNIT_LEADER, roles__unit=unit,
                                                       person__isnull=False).values_list("person_id", flat=True))
    people = Person.objects.filter(Q(unit=unit) | Q(pk__in=role_holders), is_active=True)
    return [p for p in people if p.pk in role_holders or any(w in fold(p.position) for w in LEADER_WORDS)]


def leaders_example(unit: Unit, first_year: int, last_year: int) -> tuple[list[LeaderExample], list]:
    """Each leader's ratings, awards, own pledges and models; and the unit's ranks in movements."""
    leaders = {p.pk: LeaderExample(person=p) for p in unit_leaders(unit)}
    ids = list(leaders)
    for r in YearlyRating.objects.filter(person_id__in=ids, year__gte=first_year, year__lte=last_year):
        leaders[r.person_id].ratings.append(r)
    for a in records_of(ids, first_year, last_year):
        leaders[a.person_id].awards.append(a)
    for pledge in personal_pledges(ids, first_year, last_year):
        leaders[pledge.person_id].pledges.append(pledge)
    for m in ExemplaryModel.objects.filter(person_id__in=ids).exclude(status="declined"):
        leaders[m.person_id].models.append(m)
    return list(leaders.values()), list(unit_results([unit.pk], first_year, last_year))


def leaders_report_section(unit: Unit, first_year: int, last_year: int) -> dict | None:
    """Leaders' example as a section of the unit's review report (registered with organization.panels)."""
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    examples, _results = leaders_example(unit, first_year, last_year)
    if not examples:
        return None
    rows = [[f"{e.person.full_name} ({e.person.position})" if e.person.position else e.person.full_name,
             "; ".join(f"{r.year}: {r.get_rating_display()}" for r in e.ratings) or "—",
             "; ".join(f"{a.year}: {a.award_name}" for a in e.awards) or "—",
             "; ".join(f"{p.movement.title} ({p.movement.year})" for p in e.pledges) or "—",
             "; ".join(f"{m.title} ({m.get_status_display()})" for m in e.models) or "—"] for e in examples]
    return {"title": _("Leaders' example"), "rows": rows,
            "headers": [pgettext("head of a unit", "Leader"), _("Ratings"), _("Awards"), _("Own pledges in movements"),
                        _("Exemplary models")]}
