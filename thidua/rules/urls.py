from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("eligible/", views.eligible, name="eligible"),
    path("why-not/<int:pk>/", views.why_not, name="why_not"),
]
