from django.urls import path

from ansinh.web import plan_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("chuong-trinh/<slug:slug>/", views.program_overview, name="program_overview"),
    path("chuong-trinh/<slug:slug>/chi-tieu/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("chuong-trinh/<slug:slug>/nhap-lieu/<str:unit_code>/<int:year>/", views.data_entry, name="data_entry"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("ke-hoach/nhap/", plan_views.plan_import, name="plan_import"),
    path("ke-hoach/nhap/xac-nhan/", plan_views.plan_import_confirm, name="plan_import_confirm"),
]
