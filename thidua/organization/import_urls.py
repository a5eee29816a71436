from django.urls import path

from . import import_views as views

app_name = "imports"
urlpatterns = [
    path("", views.start, name="start"),
    path("template/<str:kind>.<str:fmt>", views.template, name="template"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/commit/", views.job_commit, name="commit"),
]
