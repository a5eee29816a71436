"""Object-level permissions as `rules` predicates, checked by views, the API, services and the CLI."""

import rules

from .models import unit_model
from .scope import AUDIT_READERS, MANAGERS, RATERS, holds_anywhere, roles_on, units_for


def _unit_id(obj):
    """The unit that decides who may act on `obj` (a unit, a person, or a row owned by a person)."""
    Unit = unit_model()
    if obj is None:
        return None
    if isinstance(obj, Unit):
        return obj.pk
    if hasattr(obj, "unit_id"):
        return obj.unit_id
    if hasattr(obj, "person"):
        return obj.person.unit_id
    return None


def _has(roles):
    @rules.predicate
    def predicate(user, obj=None):
        return bool(roles_on(user, _unit_id(obj)) & roles)

    predicate.__name__ = "has_role_in_" + "_".join(sorted(roles))
    return predicate


@rules.predicate
def is_superuser(user):
    return user.is_superuser


@rules.predicate
def sees(user, obj=None):
    return bool(roles_on(user, _unit_id(obj)))


manages = _has(MANAGERS)
rates = _has(RATERS)


@rules.predicate
def reads_audit(user):
    return holds_anywhere(user, AUDIT_READERS)


@rules.predicate
def manages_anywhere(user):
    return holds_anywhere(user, MANAGERS)


@rules.predicate
def manages_block(user, block=None):
    Unit = unit_model()
    if block is None:
        return holds_anywhere(user, MANAGERS)
    root = Unit.objects.filter(agency_id=block.host_agency_id, parent__isnull=True).first()
    return bool(root and roles_on(user, root.pk) & MANAGERS)


rules.add_perm("organization.view_unit", is_superuser | sees)
rules.add_perm("organization.change_unit", is_superuser | manages)
rules.add_perm("organization.view_person", is_superuser | sees)
rules.add_perm("organization.change_person", is_superuser | manages)
rules.add_perm("organization.rate_person", is_superuser | rates)
rules.add_perm("organization.discipline_person", is_superuser | manages)
rules.add_perm("organization.import_data", is_superuser | manages)
rules.add_perm("organization.view_block", rules.is_authenticated)
rules.add_perm("organization.change_block", is_superuser | manages_block)
rules.add_perm("organization.manage_any", is_superuser | manages_anywhere)
@rules.predicate
def administers(user):
    from .models import Role

    return holds_anywhere(user, {Role.ADMINISTRATOR})


@rules.predicate
def administers_account(user, target=None):
    """An administrator whose subtree holds the account's person; accounts with no person: superusers only."""
    from .models import Role

    person = getattr(target, "person", None)
    return person is not None and Role.ADMINISTRATOR in roles_on(user, person.unit_id)


rules.add_perm("accounts.unlock_user", is_superuser | administers_account)
rules.add_perm("accounts.view_lockouts", is_superuser | administers)
rules.add_perm("audit.view_event", is_superuser | reads_audit)
@rules.predicate
def administers_an_agency(user):
    """An administrator at an agency's top unit."""
    from .models import Role

    units = units_for(user, {Role.ADMINISTRATOR}) or ()
    return unit_model().objects.filter(pk__in=units, parent__isnull=True).exists()


@rules.predicate
def administers_the_agency(user, agency=None):
    """An administrator at the agency's top unit (without an agency: at the top of some agency, for menus)."""
    from .models import Role

    if agency is None:
        return administers_an_agency(user)
    root = agency.root_unit
    return root is not None and root.pk in (units_for(user, {Role.ADMINISTRATOR}) or ())


# The national calendar (Labour Code days off) applies to every agency: only the system's superusers keep it. An
# agency's own extra days off are kept by the administrators at its top unit; a sub-unit's administrator keeps none.
rules.add_perm("core.manage_holidays", is_superuser)
rules.add_perm("organization.manage_days_off", is_superuser | administers_the_agency)
