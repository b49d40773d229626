from django.urls import path

from dxmonitor.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.archive_list, name="archive"),
    path("build/", views.build, name="build"),
    path("templates/", views.templates_edit, name="templates"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]
