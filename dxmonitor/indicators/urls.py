"""URL map of the indicators pages (mounted at /indicators/)."""

from django.urls import path

from dxmonitor.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/units/<int:unit_id>/", views.entry, name="entry"),
    path("campaigns/<int:pk>/units/<int:unit_id>/template.xlsx", views.template_download, name="template"),
    path("campaigns/<int:pk>/units/<int:unit_id>/upload/", views.upload, name="upload"),
    path("campaigns/<int:pk>/units/<int:unit_id>/review/", views.review, name="review"),
    path("review/", views.review_queue, name="review_queue"),
    path("values/<int:pk>/", views.value_detail, name="value_detail"),
    path("values/<int:pk>/reopen/", views.value_reopen_view, name="value_reopen"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("export/", views.export, name="export"),
]
