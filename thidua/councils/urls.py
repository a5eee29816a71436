from django.urls import path

from . import views

app_name = "councils"
urlpatterns = [
    path("", views.council_list, name="council_list"),
    path("<int:pk>/", views.council_detail, name="council_detail"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/polls/", views.meeting_add_poll, name="meeting_add_poll"),
    path("meetings/<int:pk>/end/", views.meeting_end, name="meeting_end"),
    path("meetings/<int:pk>/checkin/", views.meeting_checkin, name="meeting_checkin"),
    path("meetings/<int:pk>/minutes.docx", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes, {"fmt": "pdf"}, name="meeting_minutes_pdf"),
    path("meetings/<int:pk>/dossiers/", views.meeting_add_dossiers, name="meeting_add_dossiers"),
    path("polls/<int:pk>/", views.poll_detail, name="poll_detail"),
    path("polls/<int:pk>/open/", views.poll_open, name="poll_open"),
    path("polls/<int:pk>/vote/", views.poll_vote, name="poll_vote"),
    path("polls/<int:pk>/close/", views.poll_close, name="poll_close"),
    path("polls/<int:pk>/trustee/", views.poll_trustee, name="poll_trustee"),
    path("polls/<int:pk>/board.json", views.poll_board, name="poll_board"),
    path("polls/<int:pk>/publicity/", views.poll_publicity, name="poll_publicity"),
    path("polls/<int:pk>/hands/", views.poll_hands, name="poll_hands"),
    path("polls/<int:pk>/progress/", views.poll_progress, name="poll_progress"),
    path("polls/<int:pk>/screen/", views.poll_screen, name="poll_screen"),
]
