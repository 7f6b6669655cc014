from django.urls import path

from ansinh.accounts import views

urlpatterns = [
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/xac-thuc/", views.two_factor, name="two_factor"),
    path("tai-khoan/khoa-api/", views.token_create, name="token_create"),
    path("tai-khoan/khoa-api/<int:token_id>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
