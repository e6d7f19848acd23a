from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/sua/", views.document_edit, name="edit"),
    path("<int:pk>/xoa/", views.document_delete, name="delete"),
    path("<int:pk>/tep/", views.document_file, name="file"),
    path("<int:pk>/word/", views.document_word, name="word"),
]
