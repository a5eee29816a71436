from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/", views.drill, name="drill"),
    path("statutory/", views.statutory_index, name="statutory_index"),
    path("officers/", views.officers, name="officers"),
    path("statutory/<str:code>/", views.statutory_form, name="statutory_form"),
    path("statutory/<str:code>/cell/", views.statutory_cell, name="statutory_cell"),
    path("reviews/", views.review_index, name="review_index"),
    path("reviews/<str:subject_kind>/<int:pk>/<int:year>/<str:kind>/", views.review, name="review"),
]
