from django.urls import path

from . import views

app_name = "commendations"
urlpatterns = [
    path("", views.commendation_list, name="list"),
    path("xuat-excel/", views.commendation_export, name="export"),
    path("them/", views.commendation_create, name="create"),
    path("<int:pk>/", views.commendation_detail, name="detail"),
    path("<int:pk>/sua/", views.commendation_edit, name="edit"),
    path("<int:pk>/xoa-du-lieu-ca-nhan/", views.commendation_erase, name="erase"),
    path("<int:pk>/xoa/", views.commendation_delete, name="delete"),
]
