from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.reform_list, name="reform_list"),
    path("new/", views.reform_create, name="reform_create"),
    path("<int:pk>/", views.reform_detail, name="reform_detail"),
    path("<int:pk>/edit/", views.reform_edit, name="reform_edit"),
    path("<int:pk>/submit/", views.reform_submit, name="reform_submit"),
    path("<int:pk>/review/", views.reform_review, name="reform_review"),
    path("<int:pk>/adopt/", views.reform_adopt, name="reform_adopt"),
    path("<int:pk>/simulate/", views.simulate, name="simulate"),
    path("<int:pk>/backtest/", views.backtest, name="backtest"),
    path("simulations/<int:pk>/", views.simulation_detail, name="simulation_detail"),
]
