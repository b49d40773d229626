from django.urls import path

from dxmonitor.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("dashboard/map.json", views.map_json, name="map_json"),
    path("dashboard/unit/<str:key>/", views.unit_profile, name="unit_profile"),
    path("dashboard/brief/", views.meeting_brief, name="brief"),
]
