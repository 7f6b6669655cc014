from django.contrib import admin
from django.urls import include, path

from ansinh.api.router import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("ansinh.accounts.urls")),  # first: its audited password pages replace Django's
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("ansinh.web.urls")),
]
