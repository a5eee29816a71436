"""django-auth-ldap search settings built from plain values (the environment, or a test's own slapd)."""


def ldap_search_settings(user_base: str, group_base: str, user_filter: str = "(uid=%(user)s)") -> dict:
    import ldap
    from django_auth_ldap.config import GroupOfNamesType, LDAPSearch

    values = {}
    if user_base:
        values["AUTH_LDAP_USER_SEARCH"] = LDAPSearch(user_base, ldap.SCOPE_SUBTREE, user_filter)
    if group_base:
        values["AUTH_LDAP_GROUP_SEARCH"] = LDAPSearch(group_base, ldap.SCOPE_SUBTREE, "(objectClass=groupOfNames)")
        values["AUTH_LDAP_GROUP_TYPE"] = GroupOfNamesType(name_attr="cn")
    return values
