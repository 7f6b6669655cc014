from django.urls import path, register_converter

from ansinh.web import (
    audit_views,
    document_views,
    exchange_views,
    followup_views,
    interop_views,
    leadership_views,
    plan_views,
    report_views,
    stewardship_views,
    target_views,
    views,
)


class CodeConverter:
    """Unit and indicator codes (P-01, W25-00004, HN-SLDTBXH, 7.8): nothing else reaches a query."""

    regex = r"[-A-Za-z0-9_.]{1,32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CodeConverter, "code")

urlpatterns = [
    path("", views.home, name="home"),
    path("chuong-trinh/<slug:slug>/", views.program_overview, name="program_overview"),
    path("chuong-trinh/<slug:slug>/chi-tieu/<code:code>/", views.indicator_detail, name="indicator_detail"),
    path("chuong-trinh/<slug:slug>/cach-danh-gia/", views.evaluation_settings, name="evaluation_settings"),
    path("chuong-trinh/<slug:slug>/nhap-lieu/<code:unit_code>/<int:year>/", views.data_entry, name="data_entry"),
    path("chuong-trinh/<slug:slug>/ky-bao-cao/", report_views.periods, name="periods"),
    path("chuong-trinh/<slug:slug>/phan-cong/", report_views.assignments, name="assignments"),
    path("chuong-trinh/<slug:slug>/muc-tieu/", target_views.targets, name="targets"),
    path("muc-tieu/<int:target_id>/bo/", target_views.target_remove, name="target_remove"),
    path("chuong-trinh/<slug:slug>/ket-qua-cong-bo/", target_views.declarations, name="declarations"),
    path("chuong-trinh/<slug:slug>/van-ban/", target_views.program_links, name="program_links"),
    path("van-ban/<int:link_id>/bo/", target_views.program_link_remove, name="program_link_remove"),
    path("phan-cong/<int:assignment_id>/bo/", report_views.assignment_remove, name="assignment_remove"),
    path("ky-bao-cao/<int:period_id>/", report_views.period_detail, name="period_detail"),
    path("ky-bao-cao/<int:period_id>/dong/", report_views.period_close, name="period_close"),
    path("ky-bao-cao/<int:period_id>/mo-lai/", report_views.period_reopen, name="period_reopen"),
    path("ky-bao-cao/<int:period_id>/nhac-han/", report_views.period_remind, name="period_remind"),
    path("bao-cao/", report_views.my_reports, name="my_reports"),
    path("bao-cao/<int:report_id>/", report_views.report_detail, name="report_detail"),
    path("bao-cao/<int:report_id>/o/<int:indicator_id>/", report_views.report_cell, name="report_cell"),
    path(
        "bao-cao/<int:report_id>/lich-su/<int:indicator_id>/",
        report_views.report_cell_history,
        name="report_cell_history",
    ),
    path("bao-cao/<int:report_id>/kinh-phi/", report_views.report_budget, name="report_budget"),
    path("bao-cao/<int:report_id>/gui/", report_views.report_submit, name="report_submit"),
    path("bao-cao/<int:report_id>/duyet/", report_views.report_approve, name="report_approve"),
    path("bao-cao/<int:report_id>/tra-lai/", report_views.report_return, name="report_return"),
    path("bao-cao/<int:report_id>/mo-lai/", report_views.report_reopen, name="report_reopen"),
    path("bao-cao/<int:report_id>/bang-tinh/", exchange_views.report_workbook, name="report_workbook"),
    path(
        "bao-cao/<int:report_id>/bang-tinh/nhap/", exchange_views.report_workbook_upload, name="report_workbook_upload"
    ),
    path("ky-bao-cao/<int:period_id>/bang-tinh/", exchange_views.period_workbook, name="period_workbook"),
    path(
        "ky-bao-cao/<int:period_id>/bang-tinh/nhap/",
        exchange_views.period_workbook_upload,
        name="period_workbook_upload",
    ),
    path("ky-bao-cao/<int:period_id>/bang-tinh/tao/", exchange_views.period_workbook_job, name="period_workbook_job"),
    path("viec-xuat/<int:job_id>/", exchange_views.export_job, name="export_job"),
    path("viec-xuat/<int:job_id>/tien-do/", exchange_views.export_job_progress_part, name="export_job_progress"),
    path("viec-xuat/<int:job_id>/tai-ve/", exchange_views.export_job_download, name="export_job_download"),
    path("chuong-trinh/<slug:slug>/trao-doi/", interop_views.interop, name="interop"),
    path("chuong-trinh/<slug:slug>/trao-doi/dhis2/", interop_views.interop_dhis2_export, name="interop_dhis2_export"),
    path(
        "chuong-trinh/<slug:slug>/trao-doi/open-sdg/",
        interop_views.interop_opensdg_export,
        name="interop_opensdg_export",
    ),
    path("viec-nhap/<int:job_id>/", interop_views.import_job, name="import_job"),
    path("viec-nhap/<int:job_id>/tien-do/", interop_views.import_job_progress, name="import_job_progress"),
    path("thong-bao/", report_views.notifications, name="notifications"),
    path("don-vi/<code:code>/", views.unit_detail, name="unit_detail"),
    path("nhat-ky/", audit_views.audit_log, name="audit_log"),
    path("nhat-ky/xuat.csv", audit_views.audit_export, name="audit_export"),
    path("ke-hoach/nhap/", plan_views.plan_import, name="plan_import"),
    # What the leadership reads (the documents app): documents, dashboards, maps, the public results page.
    path("chuong-trinh/<slug:slug>/bao-cao-nam/<int:year>/", document_views.annual_report, name="annual_report"),
    path("chuong-trinh/<slug:slug>/the-thuc-van-ban/", document_views.document_settings, name="document_settings"),
    path("ky-bao-cao/<int:period_id>/cong-van-don-doc/", document_views.reminder_letter, name="reminder_letter"),
    path("lanh-dao/", leadership_views.leadership_home, name="leadership_home"),
    path("chuong-trinh/<slug:slug>/bang-dieu-khien/", leadership_views.dashboard, name="program_dashboard"),
    path("chuong-trinh/<slug:slug>/ket-qua/", leadership_views.program_results, name="program_results"),
    path("chuong-trinh/<slug:slug>/ban-do/", leadership_views.program_map, name="program_map"),
    path("chuong-trinh/<slug:slug>/ban-tin/", leadership_views.briefings, name="briefings"),
    path("ban-tin/<int:schedule_id>/dung/", leadership_views.briefing_stop, name="briefing_stop"),
    path("ranh-gioi/", leadership_views.boundaries, name="boundaries"),
    path("ke-hoach/nhap/xac-nhan/", plan_views.plan_import_confirm, name="plan_import_confirm"),
    # Steering work: tasks, meetings, difficulties, inspections (docs/steering.md).
    path("chuong-trinh/<slug:slug>/dieu-hanh/", followup_views.steering, name="steering"),
    path("chuong-trinh/<slug:slug>/nhiem-vu/", followup_views.task_list, name="task_list"),
    path("chuong-trinh/<slug:slug>/nhiem-vu/nhap/", followup_views.task_import, name="task_import"),
    path(
        "chuong-trinh/<slug:slug>/nhiem-vu/nhap/xac-nhan/",
        followup_views.task_import_confirm,
        name="task_import_confirm",
    ),
    path("nhiem-vu/<int:task_id>/", followup_views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:task_id>/trang-thai/", followup_views.task_status, name="task_status"),
    path(
        "bao-cao/<int:report_id>/nhiem-vu/<int:task_id>/",
        followup_views.report_task_progress,
        name="report_task_progress",
    ),
    path("chuong-trinh/<slug:slug>/hoi-nghi/", followup_views.meeting_list, name="meeting_list"),
    path("hoi-nghi/<int:meeting_id>/", followup_views.meeting_detail, name="meeting_detail"),
    path("chuong-trinh/<slug:slug>/kho-khan/", followup_views.difficulty_list, name="difficulty_list"),
    path("kho-khan/<int:difficulty_id>/giai-quyet/", followup_views.difficulty_resolve, name="difficulty_resolve"),
    path("chuong-trinh/<slug:slug>/kiem-tra/", followup_views.inspection_list, name="inspection_list"),
    path("kiem-tra/<int:plan_id>/", followup_views.inspection_plan, name="inspection_plan"),
    path("doan-kiem-tra/<int:team_id>/", followup_views.inspection_team, name="inspection_team"),
    path("phat-hien/<int:finding_id>/kien-nghi/", followup_views.finding_recommend, name="finding_recommend"),
    path("phat-hien/<int:finding_id>/dieu-chinh/", followup_views.finding_correct, name="finding_correct"),
    # Budget, emulation and rewards, reviews (docs/stewardship.md).
    path("chuong-trinh/<slug:slug>/kinh-phi/", stewardship_views.budget, name="budget"),
    path("chuong-trinh/<slug:slug>/kinh-phi/nhap/", stewardship_views.budget_import, name="budget_import"),
    path("chuong-trinh/<slug:slug>/kinh-phi/xuat/", stewardship_views.budget_export_job, name="budget_export_job"),
    path("chuong-trinh/<slug:slug>/so-ket/", stewardship_views.review_list, name="review_list"),
    path("so-ket/<int:review_id>/", stewardship_views.review_detail, name="review_detail"),
    path("chuong-trinh/<slug:slug>/thi-dua/", stewardship_views.emulation, name="emulation"),
    path("chuong-trinh/<slug:slug>/thi-dua/<int:year>/", stewardship_views.emulation_year, name="emulation_year"),
    path("khen-thuong/<int:proposal_id>/quyet-dinh/", stewardship_views.proposal_decide, name="proposal_decide"),
    path("tep/<int:attachment_id>/", followup_views.attachment_download, name="attachment_download"),
]
