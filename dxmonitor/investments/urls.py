"""URL map of the investments pages (mounted at /investments/)."""

from django.urls import path

from dxmonitor.investments import views

app_name = "investments"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("import/", views.import_page, name="import"),
    path("template.xlsx", views.template_download, name="template"),
    path("export.<str:fmt>", views.export, name="export"),
    path("p/<str:code>/", views.project_detail, name="project"),
    path("p/<str:code>/<str:action>/", views.project_action, name="project_action"),
]
