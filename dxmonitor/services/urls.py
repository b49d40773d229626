from django.urls import path

from dxmonitor.services import views

app_name = "services"
urlpatterns = [path("", views.kpi, name="kpi")]
