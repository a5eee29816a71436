from django.urls import path

from . import holidays, views

app_name = "organization"
urlpatterns = [
    path("holidays/", holidays.holidays, name="holidays"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/merge/", views.unit_merge, name="unit_merge"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/rating/", views.unit_rate, name="unit_rate"),
    path("units/<int:parent_pk>/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/<str:kind>/", views.unit_change, name="unit_change"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/transfer/", views.person_transfer, name="person_transfer"),
    path("people/<int:pk>/rating/", views.person_rate, name="person_rate"),
    path("people/<int:pk>/discipline/", views.person_discipline, name="person_discipline"),
    path("blocks/", views.block_list, name="block_list"),
    path("blocks/new/", views.block_create, name="block_create"),
    path("blocks/<int:pk>/", views.block_detail, name="block_detail"),
    path("blocks/<int:pk>/year/", views.block_year, name="block_year"),
    path("blocks/<int:pk>/rotate/", views.block_rotate, name="block_rotate"),
]
