"""URL map of the services pages (mounted at /services/)."""

from django.urls import path

from dxmonitor.services import views

app_name = "services"
urlpatterns = [
    path("", views.kpi, name="kpi"),
    path("procedures/", views.procedures, name="procedures"),
    path("export/<str:table>.<str:fmt>", views.export, name="export"),
]
