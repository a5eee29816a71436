"""Authentication backends: the lockout guard, and single sign-on against LDAP/Active Directory or OIDC."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes with a request (form, LDAP, OIDC).

    Sign-ins made in code without a request (the test client's `login`, a shell) are not counted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
