"""Pages of the operations centre: the overview at `/` (also named `home`), unit profiles and the meeting brief."""

from django.urls import path

from dxmonitor.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("", views.overview, name="home"),
    path("dashboard/unit/<str:key>/", views.unit_profile, name="unit_profile"),
    path("dashboard/brief/", views.meeting_brief, name="brief"),
    path("dashboard/brief.pdf", views.meeting_brief_pdf, name="brief_pdf"),
]
