from django.urls import path

from ansinh.accounts import views
from ansinh.audit import views as audit_views

urlpatterns = [
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/xac-thuc/", views.two_factor, name="two_factor"),
    path("tai-khoan/khoa-api/", views.token_create, name="token_create"),
    path("tai-khoan/khoa-api/<int:token_id>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("nhat-ky/", audit_views.audit_log, name="audit_log"),
    path("nhat-ky/xuat.csv", audit_views.audit_export, name="audit_export"),
]
