from django.urls import include, path

from appui.api.urls import api

urlpatterns = [
    path("", include("appui.core.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
