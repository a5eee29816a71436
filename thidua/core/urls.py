from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("holidays/", views.holidays, name="holidays"),
    path("favicon.ico", views.favicon, name="favicon"),
]
