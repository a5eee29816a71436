from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("new/", views.initiative_create, name="create"),
    path("authors/", views.author_lookup, name="author_lookup"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/review/", views.initiative_review, name="review"),
    path("<int:pk>/recognise/", views.initiative_recognise, name="recognise"),
    path("<int:pk>/attach/", views.initiative_attach, name="attach"),
    path("<int:pk>/decline/", views.initiative_decline, name="decline"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
