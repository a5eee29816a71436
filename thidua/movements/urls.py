from django.urls import path

from . import phase_views, plan_views, pledge_views, views

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="movement_list"),
    path("<int:pk>/", views.movement_detail, name="movement_detail"),
    path("<int:pk>/units/<int:unit_pk>/", views.unit_workspace, name="unit_workspace"),
    path("<int:pk>/publish/", views.movement_publish, name="publish"),
    path("<int:pk>/propose/", views.movement_propose, name="propose"),
    path("<int:pk>/phases/", phase_views.movement_phases, name="phases"),
    path("pledges/<int:pk>/", pledge_views.pledge_detail, name="pledge"),
    path("pledges/<int:pk>/evidence/<int:evidence_pk>/", pledge_views.pledge_evidence_file, name="pledge_evidence"),
    path("scores/<int:pk>/correct/", views.score_correct, name="correct"),
    path("rubrics/new/", views.rubric_create, name="rubric_create"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("plans/<int:unit_pk>/<int:year>/", plan_views.work_plan, name="work_plan"),
]
