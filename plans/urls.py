from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("them/", views.plan_create, name="create"),
    path("sao-chep/", views.plan_copy, name="copy"),
    path("cac-huyen/", views.districts_overview, name="overview"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_edit, name="edit"),
    path("<int:pk>/chi-tieu/", views.plan_targets, name="targets"),
    path("<int:pk>/tep/", views.plan_file, name="file"),
    path("<int:pk>/xoa/", views.plan_delete, name="delete"),
]
