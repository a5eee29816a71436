from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.record_list, name="record_list"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
