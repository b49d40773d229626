from django.urls import path

from dxmonitor.core import views

app_name = "core"
urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("jobs/", views.job_list, name="job_list"),
]
