"""The public portal (no login): published rankings, public directives and open data at stable addresses."""

from django.urls import path

from dxmonitor.dashboard import views

app_name = "public"
urlpatterns = [
    path("", views.public_home, name="home"),
    path("data/", views.data_dictionary, name="data_dictionary"),
    path("data/<str:dataset>.<str:fmt>", views.open_data, name="open_data"),
]
