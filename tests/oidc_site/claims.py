"""Claims of the test provider: standard profile claims, and the agency's `thidua` scope (person code, groups)."""

from oidc_provider.lib.claims import ScopeClaims

AGENCY_DIRECTORY = {"hoa.tran": {"employee_number": "NV-OIDC", "groups": ["thidua_council_member_VPL", "intranet"]}}


def userinfo(claims, user):
    claims.update(name=user.get_full_name(), given_name=user.first_name, family_name=user.last_name,
                  email=user.email, preferred_username=user.username)
    return claims


class AgencyClaims(ScopeClaims):
    info_thidua = ("thidua", "Person code and groups in the agency")

    def scope_thidua(self):
        return AGENCY_DIRECTORY.get(self.user.username, {})
