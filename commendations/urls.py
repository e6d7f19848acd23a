app_name = "commendations"
urlpatterns = []
