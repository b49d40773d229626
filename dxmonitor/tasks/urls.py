from django.urls import path

from dxmonitor.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.directive_list, name="directive_list"),
    path("directives/new/", views.directive_new, name="directive_new"),
    path("directives/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("directives/<int:pk>/add-task/", views.task_add, name="task_add"),
    path("directives/<int:pk>/template.xlsx", views.directive_template, name="directive_template"),
    path("directives/<int:pk>/import/", views.directive_import, name="directive_import"),
    path("directives/<int:pk>/read/", views.extract_page, name="extract"),
    path("directives/<int:pk>/read/accept/", views.extract_accept, name="extract_accept"),
    path("list/", views.task_list, name="task_list"),
    path("mine/", views.task_list, {"mine": True}, name="my_tasks"),
    path("inbox/", views.inbox, name="inbox"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("notifications/", views.notifications, name="notifications"),
    path("public/", views.public_tasks, name="public"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
    path("<int:pk>/<str:action>/", views.task_action, name="task_action"),
]
