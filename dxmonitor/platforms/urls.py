"""URL map of the platforms pages (mounted at /platforms/)."""

from django.urls import path

from dxmonitor.platforms import views

app_name = "platforms"
urlpatterns = [
    path("", views.platform_list, name="platform_list"),
    path("p/<str:code>/", views.platform_detail, name="platform_detail"),
    path("databases/", views.database_list, name="database_list"),
    path("databases/<str:code>/", views.database_detail, name="database_detail"),
    path("quality/<int:pk>/", views.run_detail, name="run_detail"),
    path("quality/<int:pk>/failures.csv", views.run_failures, name="run_failures"),
]
