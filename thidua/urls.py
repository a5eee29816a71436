from django.urls import include, path

from thidua.api.api import api
from thidua.nominations.views import verify

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("thidua.accounts.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("audit/", include("thidua.audit.urls")),
    path("import/", include("thidua.organization.import_urls")),
    path("rules/", include("thidua.rules.urls")),
    path("policy/", include("thidua.policy.urls")),
    path("initiatives/", include("thidua.initiatives.urls")),
    path("councils/", include("thidua.councils.urls")),
    path("rounds/", include("thidua.nominations.urls")),
    path("movements/", include("thidua.movements.urls")),
    path("notifications/", include("thidua.notifications.urls")),
    path("inspections/", include("thidua.inspections.urls")),
    path("reports/", include("thidua.reports.urls")),
    path("records/", include("thidua.awards.urls")),
    path("models/", include("thidua.publicity.urls")),
    path("verify/<str:code>/", verify, name="verify"),
    path("api/", api.urls),
    path("", include("thidua.organization.urls")),
    path("", include("thidua.home.urls")),
    path("", include("thidua.core.urls")),
]
