from django.urls import path

from . import views
from .feeds import AtomStoryFeed, StoryFeed

app_name = "publicity"
urlpatterns = [
    path("", views.model_list, name="model_list"),
    path("discover/", views.discover, name="discover"),
    path("nominate/", views.nominate, name="nominate"),
    path("<int:pk>/", views.model_detail, name="model_detail"),
    path("<int:pk>/recognise/", views.model_recognise, name="recognise"),
    path("<int:pk>/decline/", views.model_decline, name="decline"),
    path("<int:pk>/story/", views.story_edit, name="story"),
    path("<int:pk>/photos/", views.model_photo, name="add_photo"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("<int:pk>/publish/", views.model_publish, name="publish"),
    path("<int:pk>/adopt/", views.model_adopt, name="adopt"),
    path("<int:pk>/adoptions/<int:replication_pk>/measure/", views.model_measure, name="measure"),
    path("<int:pk>/react/", views.model_react, name="react"),
    path("<int:pk>/comments/", views.model_comment, name="comment"),
    path("<int:pk>/comments/<int:comment_pk>/hide/", views.comment_hide, name="hide_comment"),
    path("showcase/", views.feed, name="feed"),
    path("showcase/gallery/", views.gallery, name="gallery"),
    path("showcase/digests/", views.digests, name="digests"),
    path("showcase/settings/<int:agency_pk>/", views.showcase_settings, name="settings"),
    path("leaders/<int:unit_pk>/", views.leaders, name="leaders"),
    path("congresses/", views.congress_list, name="congress_list"),
    path("congresses/<int:pk>/", views.congress_detail, name="congress_detail"),
    path("congresses/<int:pk>/booklet.pdf", views.congress_booklet, name="booklet"),
    path("congresses/<int:pk>/slides/", views.congress_slides, name="slides"),
    path("congresses/<int:pk>/slides/<int:number>/", views.congress_slides, name="slide"),
    path("feeds/<str:code>/rss/", StoryFeed(), name="rss"),
    path("feeds/<str:code>/atom/", AtomStoryFeed(), name="atom"),
    path("public/<str:code>/", views.public_page, name="public"),
    path("public/<str:code>/<int:pk>/", views.public_story, name="public_story"),
    path("public/<str:code>/<int:pk>/photos/<int:photo_pk>/", views.public_photo, name="public_photo"),
]
