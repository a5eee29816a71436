from django.urls import path

from . import quota_views, views

app_name = "nominations"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/proposals/", views.round_proposals, name="proposals"),
    path("<int:pk>/quotas/", quota_views.round_quotas, name="quotas"),
    path("<int:pk>/nominate/", views.round_nominate, name="nominate"),
    path("<int:pk>/disclose/", views.round_disclose, name="disclose"),
    path("<int:pk>/decide/", views.round_decide, name="decide"),
    path("<int:pk>/submission.docx", views.round_submission_letter, name="submission_letter"),
    path("<int:pk>/disclosure/", views.disclosure_page, name="disclosure"),
    path("<int:pk>/package/", views.round_package, name="round_package"),
    path("packages/<int:pk>/", views.package_detail, name="package"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/generate/", views.nomination_generate, name="generate"),
    path("nominations/<int:pk>/upload/", views.nomination_upload, name="upload"),
    path("nominations/<int:pk>/documents/<int:document_pk>/", views.nomination_document, name="document"),
    path("nominations/<int:pk>/<str:action>/", views.nomination_action, name="action"),
    path("comments/<int:pk>/answer/", views.comment_answer, name="answer"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/certificates.pdf", views.decision_certificates, name="certificates"),
]
