"""Authentication backends: the lockout guard, and single sign-on against LDAP/Active Directory or OIDC."""

from axes.backends import AxesStandaloneBackend
from django_auth_ldap.backend import LDAPBackend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes with a request (form, LDAP, OIDC).

    Sign-ins made in code without a request (the test client's `login`, a shell) are not counted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class DirectoryBackend(LDAPBackend):
    """Sign-in against the agency's LDAP or Active Directory (django-auth-ldap, settings `AUTH_LDAP_*`).

    The account is linked to the person whose code is in the directory attribute `THIDUA_LDAP_PERSON_CODE_ATTR`
    (e.g. employeeNumber), and its roles follow the directory groups named `<prefix><role>_<UNIT CODE>`
    (e.g. thidua_emulation_officer_VPQH): the directory is the source of roles for these accounts.
    """

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            sync_from_directory(user, ldap_user)
        return user

    def get_or_build_user(self, username, ldap_user):
        user, built = super().get_or_build_user(username, ldap_user)
        if not user.pk:
            user.set_unusable_password()  # only the directory checks this account's password
        return user, built


def sync_from_directory(user, ldap_user) -> None:
    """Link the person and set the roles from the directory; called after each directory sign-in."""
    from django.conf import settings

    code_attr = settings.THIDUA_LDAP_PERSON_CODE_ATTR
    codes = ldap_user.attrs.get(code_attr.lower()) or ldap_user.attrs.get(code_attr) or []
    sync_identity(user, person_code=codes[0] if codes else "", groups=ldap_user.group_names, source="ldap")


def sync_identity(user, *, person_code: str, groups, source: str) -> None:
    """The identity provider is the source of the account's person and roles: the person whose code it gives,
    and one role per group named `<prefix><role>_<UNIT CODE>` (other groups are ignored)."""
    from django.conf import settings

    from thidua.audit.services import record_security_event

    from .models import Role, RoleAssignment, unit_model

    Person, Unit = type(user)._meta.get_field("person").related_model, unit_model()
    from .scope import forget_scope

    if person_code:
        person = Person.objects.filter(code=person_code).first()
        if person is not None and user.person_id != person.pk:
            type(user).objects.filter(person=person).exclude(pk=user.pk).update(person=None)
            user.person = person
            user.save(update_fields=["person"])
    prefix = settings.THIDUA_LDAP_GROUP_PREFIX.lower()
    wanted = set()
    for name in groups or ():
        name = str(name).lower()
        if not name.startswith(prefix):
            continue
        role, _sep, unit_code = name[len(prefix):].rpartition("_")
        unit = Unit.objects.filter(code__iexact=unit_code).first()
        if role in Role.values and unit is not None:
            wanted.add((role, unit.pk))
    current = set(RoleAssignment.objects.filter(user=user).values_list("role", "unit_id"))
    for role, unit_id in current - wanted:
        RoleAssignment.objects.filter(user=user, role=role, unit_id=unit_id).delete()
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=r, unit_id=u) for r, u in wanted - current])
    forget_scope(user)
    if wanted != current:
        record_security_event(actor=user, action="security.directory_roles", source=source,
                              roles=sorted(f"{r}@{u}" for r, u in wanted))


class OidcBackend(OIDCAuthenticationBackend):
    """Sign-in through the agency's OpenID Connect provider (mozilla-django-oidc, settings `OIDC_*`): the account
    is found by `preferred_username`, linked to the person in claim `THIDUA_OIDC_PERSON_CLAIM`, and given the
    roles of the groups in claim `THIDUA_OIDC_GROUPS_CLAIM` (same naming as the LDAP groups)."""

    def filter_users_by_claims(self, claims):
        username = (claims.get("preferred_username") or claims.get("sub") or "")[:150]
        return self.UserModel.objects.filter(username=username) if username else self.UserModel.objects.none()

    def create_user(self, claims):
        user = self.UserModel(username=(claims.get("preferred_username") or claims["sub"])[:150])
        user.set_unusable_password()
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        from django.conf import settings

        user.email = claims.get("email", user.email)[:254]
        user.first_name = claims.get("given_name", user.first_name)[:150]
        user.last_name = claims.get("family_name", user.last_name)[:150]
        user.save()
        sync_identity(user, person_code=str(claims.get(settings.THIDUA_OIDC_PERSON_CLAIM) or ""),
                      groups=claims.get(settings.THIDUA_OIDC_GROUPS_CLAIM) or [], source="oidc")
        return user
