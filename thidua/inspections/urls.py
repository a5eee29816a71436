from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("findings/<int:pk>/evidence/", views.finding_file, name="finding_file"),
]
