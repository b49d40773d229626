from django.urls import path

from dxmonitor.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<str:key>/", views.unit_detail, name="unit_detail"),
]
