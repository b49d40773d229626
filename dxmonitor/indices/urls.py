from django.urls import path

from dxmonitor.indices import views

app_name = "indices"
urlpatterns = [
    path("", views.results, name="results"),
    path("export.<str:fmt>", views.results_export, name="export"),
    path("methodologies/<str:code>/", views.methodology, name="methodology"),
    path("<int:year>/<str:unit_code>/", views.explain, name="explain"),
]
