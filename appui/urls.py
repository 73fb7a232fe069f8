from django.contrib import admin
from django.urls import include, path

from appui.api.urls import api
from appui.core import views as core_views
from appui.helpline.api import router as telephony_router

api.add_router("/telephony", telephony_router)

urlpatterns = [
    path("", include("appui.core.urls")),
    path("guide/", include("appui.guide.urls")),
    path("rendez-vous/", include("appui.booking.urls")),
    path("pre-plainte/", include("appui.complaints.urls")),
    path("116006/", include("appui.helpline.public_urls")),
    path("pro/", include("appui.core.staff_urls")),
    path("pro/compensation/", include("appui.compensation.urls")),
    path("pro/agenda/", include("appui.booking.staff_urls")),
    path("pro/pre-plaintes/", include("appui.complaints.staff_urls")),
    path("pro/ecoute/", include("appui.helpline.urls")),
    path("pro/", include("appui.cases.urls")),
    path("pro/stats/", include("appui.stats.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
]
