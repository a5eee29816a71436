from django.urls import path

from . import pages, views

app_name = "rules"
urlpatterns = [
    path("eligible/", views.eligible, name="eligible"),
    path("why-not/<int:pk>/", pages.person_eligibility, name="why_not"),
    path("why-not/<int:pk>/defer/", pages.person_defer, name="person_defer"),
    path("deferrals/<int:pk>/end/", pages.deferral_end, name="deferral_end"),
    path("law/", pages.law_index, name="law_index"),
    path("law/<str:code>/", pages.law_award, name="law_award"),
    path("regulations/", pages.regulations, name="regulations"),
    path("regulations/<int:pk>/repeal/", pages.regulation_repeal, name="regulation_repeal"),
]
