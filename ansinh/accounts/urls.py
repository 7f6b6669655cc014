from django.urls import path

from ansinh.accounts import views

urlpatterns = [
    # Before django.contrib.auth.urls (ansinh/urls.py includes this first): the same pages, audited.
    path("accounts/password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/xac-thuc/", views.two_factor, name="two_factor"),
    path("tai-khoan/khoa-api/", views.token_create, name="token_create"),
    path("tai-khoan/khoa-api/<int:token_id>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
