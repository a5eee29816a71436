from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", sensitive_post_parameters()(auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True,
        extra_context={"sso": bool(settings.OIDC_RP_CLIENT_ID)})), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password_done")), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_done.html"), name="password_done"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/unlock/", views.unlock, name="unlock"),
    path("lockouts/reset-two-factor/", views.reset_two_factor, name="reset_two_factor"),
]
