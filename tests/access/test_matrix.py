"""The allow/deny matrix: every page and API endpoint, for every role held at the object's own unit, at
another unit of the same level, at the parent unit (with the units below it), and at the programme's
standing agency — plus an anonymous visitor. A test walks the whole table; an endpoint missing from the
table fails the suite (see test_every_endpoint_is_in_the_matrix). docs/access.md explains the policy.

The object of every report endpoint is the report of ward A; "other" members belong to ward B, so those
rows are the attempts to reach another unit's objects by changing ids in URLs. Access is what is
checked, not success: a refused request is 401/403/404 or a redirect to sign in; anything else (done,
or refused for the object's state with a message) counts as allowed. Each GET of the walk is also the check
that a GET changes nothing (no row added or removed, only read, export and refusal audit events): one pass. Where
a relation's person is the "own" person again (a programme's own unit is its standing agency), the table must say
the same for both, and the requests are made once.

On PostgreSQL each relation is asked of one allowed and one refused role (``roles_to_ask``); SQLite asks every role.

The people and their signed-in sessions (past the second factor) are made once for the module; each request
carries its person's session cookie or API key, so the walk pays for the requests, not for signing in."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from worlds import mark_two_factor_passed

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.audit.models import AuditEvent
from ansinh.documents.models import BriefingSchedule
from ansinh.exchange.models import ImportJob, ImportKind
from ansinh.exchange.services.export_jobs import enqueue_period_workbook
from ansinh.followups.models import Attachment, Task
from ansinh.followups.services.difficulties import DifficultyInput, raise_difficulty
from ansinh.followups.services.inspections import add_team, add_visit, create_inspection_plan, record_finding
from ansinh.followups.services.meetings import MeetingInput, create_meeting
from ansinh.followups.services.tasks import TaskInput, create_task
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program, ProgramLink, Target
from ansinh.reporting.models import AssignmentRole, Report
from ansinh.reporting.services.assignments import add_assignment, create_default_assignments
from ansinh.reporting.services.periods import open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.followups import parse_deadline
from ansinh.rules.periods import PeriodKey
from ansinh.stewardship.services.emulation import ProposalInput, draft_proposal, set_topic
from ansinh.stewardship.services.reviews import take_review

# Reporter, approver, secretariat, viewer (leadership), inspector, administrator, finance office.
R, A, S, V, INS, M, FIN = (
    Role.REPORTER,
    Role.APPROVER,
    Role.SECRETARIAT,
    Role.VIEWER,
    Role.INSPECTOR,
    Role.ADMIN,
    Role.FINANCE,
)
ALL = frozenset({R, A, S, V, INS, M, FIN})
NONE: frozenset = frozenset()
RELATIONS = ("own", "other", "parent", "agency")

# Paths that are not ours to police or are the same everywhere: Django's admin (staff only, checked by
# the admin:index row), static files and the API's own schema/documentation pages.
OUTSIDE_THE_MATRIX = ("admin:", "api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root")


@dataclass(frozen=True)
class Rule:
    """Who may use an endpoint: the roles allowed at each relation to the object, and anonymous."""

    own: frozenset = NONE
    other: frozenset = NONE
    parent: frozenset = NONE
    agency: frozenset = NONE
    anonymous: bool = False

    def allows(self, relation: str, role: str) -> bool:
        return role in getattr(self, relation)


PUBLIC = Rule(ALL, ALL, ALL, ALL, anonymous=True)
SIGNED_IN = Rule(ALL, ALL, ALL, ALL)
# Reports of ward A. Reading: anyone of the ward or above it; at the agency, those who follow, approve
# or administer the programme. Typing: the ward's reporters, reporters above, the agency's secretariat
# (on the ward's behalf) and administrators. Approving: the approving unit (the standing agency) only.
READ_REPORT = Rule(own=ALL, parent=ALL, agency=frozenset({A, S, M}))
WRITE_REPORT = Rule(own=frozenset({R, S, M}), parent=frozenset({R, S, M}), agency=frozenset({S, M}))
SUBMIT_REPORT = Rule(own=frozenset({R, A}), parent=frozenset({R, A}))
REVIEW_REPORT = Rule(agency=frozenset({A, S}))
# A programme (its owner is the city, its standing agency Sở LĐTB&XH): following it is for the
# secretariat and administrators at the agency or covering the city, and for leadership, approvers and
# inspectors covering the city; managing it for the secretariat and administrators.
FOLLOW_PROGRAM = Rule(own=frozenset({S, M}), parent=frozenset({S, M, V, INS, A}), agency=frozenset({S, M}))
MANAGE_PROGRAM = Rule(own=frozenset({S, M}), parent=frozenset({S, M}), agency=frozenset({S, M}))
PLAN_IMPORT = Rule(own=frozenset({S, M}), other=frozenset({S, M}), parent=frozenset({S, M}), agency=frozenset({S, M}))
AUDIT = Rule(
    own=frozenset({S, INS, M}),
    other=frozenset({S, INS, M}),
    parent=frozenset({S, INS, M}),
    agency=frozenset({S, INS, M}),
)
STAFF_ONLY = Rule()
# Steering work (docs/steering.md). Lists of a programme's tasks, meetings, difficulties and inspections: anyone
# working in its area (each sees the rows of their units). A task of Sở Y tế ("own" of the task target):
# read by its unit and those above it and by the programme's secretariat; updated by its unit's reporters,
# approvers, secretariat and administrators, or the programme's secretariat; edited by the secretariat only.
UPDATE = frozenset({R, A, S, M})
VIEW_STEERING = Rule(ALL, ALL, ALL, ALL)
RAISE_DIFFICULTY = Rule(UPDATE, UPDATE, UPDATE, UPDATE)
READ_TASK = Rule(own=ALL, parent=ALL, agency=frozenset({S, M}))
UPDATE_TASK = Rule(own=UPDATE, parent=UPDATE, agency=frozenset({S, M}))
EDIT_TASK = Rule(parent=frozenset({S, M}), agency=frozenset({S, M}))
# An inspection team whose one member is the inspector of another department ("other" of the programme target):
# those who follow the programme and the team's inspector read it; the secretariat and that inspector record.
VIEW_TEAM = Rule(
    own=frozenset({S, M}), other=frozenset({INS}), parent=frozenset({S, M, V, INS, A}), agency=frozenset({S, M})
)
RECORD_FINDINGS = Rule(
    own=frozenset({S, M}), other=frozenset({INS}), parent=frozenset({S, M}), agency=frozenset({S, M})
)
# Reopening a report for a correction found by an inspection: who sees the team and may reopen that report.
CORRECT_AFTER_INSPECTION = Rule(own=frozenset({S}), agency=frozenset({S}))
# Budget (docs/stewardship.md): read by anyone working in the programme's area (rows scoped to their units). Outside
# a report, a line of Sở Y tế ("own" of the task target) is entered by the programme's secretariat or the finance
# office (a finance membership at any department directly under the city, or covering the city), and so are many
# units' lines from a spreadsheet; a unit enters its own lines inside its report (WRITE_REPORT: never the finance
# office, which neither types nor approves a report).
ENTER_BUDGET = Rule(
    own=frozenset({FIN}), other=frozenset({FIN}), parent=frozenset({S, M, FIN}), agency=frozenset({S, M, FIN})
)
IMPORT_BUDGET = Rule(
    own=frozenset({S, M, FIN}), other=frozenset({FIN}), parent=frozenset({S, M, FIN}), agency=frozenset({S, M, FIN})
)
# Reward proposals are decided by the steering committee: approvers covering the city, never the secretariat.
DECIDE_REWARDS = Rule(parent=frozenset({A}))
# Official boundaries for the maps: system administrators (each feature is then checked against their scope).
BOUNDARIES = Rule(own=frozenset({M}), other=frozenset({M}), parent=frozenset({M}), agency=frozenset({M}))


@dataclass
class World:
    program: Program
    report: Report
    indicator: Indicator
    units: dict[str, OrgUnit] = field(default_factory=dict)
    # (target, relation, role) → the person, their read-write API key and the key of their session (signed in,
    # second factor passed), made once for the module.
    people: dict[tuple[str, str, str], tuple] = field(default_factory=dict)


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    rule: Rule
    # Object-level endpoints are judged from the object's unit; the others from ward A's.
    target: str = "report"
    url: Callable[[World], str] = lambda world: ""
    data: Callable[[World], dict] = lambda world: {}
    api: bool = False


def _report_url(path: str) -> Callable[[World], str]:
    return lambda world: path.format(report=world.report.pk, indicator=world.indicator.pk)


def _period_url(path: str) -> Callable[[World], str]:
    return lambda world: path.format(period=world.report.period_id, slug=world.program.slug)


def _steering_url(path: str) -> Callable[[World], str]:
    return lambda world: path.format(slug=world.program.slug, report=world.report.pk, **world.units["steering"])


MATRIX = [
    Endpoint("home", "get", PUBLIC, url=lambda w: "/"),
    Endpoint("program_overview", "get", PUBLIC, url=lambda w: f"/chuong-trinh/{w.program.slug}/"),
    Endpoint("indicator_detail", "get", PUBLIC, url=lambda w: f"/chuong-trinh/{w.program.slug}/chi-tieu/1/"),
    Endpoint("unit_detail", "get", PUBLIC, url=lambda w: "/don-vi/W25-00004/"),
    Endpoint("login", "get", PUBLIC, url=lambda w: "/accounts/login/"),
    Endpoint("logout", "post", PUBLIC, url=lambda w: "/accounts/logout/"),
    Endpoint("password_reset", "get", PUBLIC, url=lambda w: "/accounts/password_reset/"),
    Endpoint("password_reset_done", "get", PUBLIC, url=lambda w: "/accounts/password_reset/done/"),
    Endpoint("password_reset_confirm", "get", PUBLIC, url=lambda w: "/accounts/reset/MQ/set-password/"),
    Endpoint("password_reset_complete", "get", PUBLIC, url=lambda w: "/accounts/reset/done/"),
    Endpoint("password_change", "get", SIGNED_IN, url=lambda w: "/accounts/password_change/"),
    Endpoint("password_change_done", "get", SIGNED_IN, url=lambda w: "/accounts/password_change/done/"),
    Endpoint("account", "get", SIGNED_IN, url=lambda w: "/tai-khoan/"),
    Endpoint("two_factor", "get", SIGNED_IN, url=lambda w: "/tai-khoan/xac-thuc/"),
    Endpoint("token_create", "post", SIGNED_IN, url=lambda w: "/tai-khoan/khoa-api/", data=lambda w: {"name": ""}),
    Endpoint("token_revoke", "post", Rule(), url=lambda w: f"/tai-khoan/khoa-api/{w.units['foreign_token']}/thu-hoi/"),
    Endpoint("audit_log", "get", AUDIT, url=lambda w: "/nhat-ky/"),
    Endpoint("audit_export", "get", AUDIT, url=lambda w: "/nhat-ky/xuat.csv"),
    Endpoint("my_reports", "get", SIGNED_IN, url=lambda w: "/bao-cao/"),
    Endpoint("notifications", "get", SIGNED_IN, url=lambda w: "/thong-bao/"),
    Endpoint("plan_import", "get", PLAN_IMPORT, url=lambda w: "/ke-hoach/nhap/"),
    Endpoint("plan_import_confirm", "post", PLAN_IMPORT, url=lambda w: "/ke-hoach/nhap/xac-nhan/"),
    Endpoint(
        "data_entry", "get", WRITE_REPORT, url=lambda w: f"/chuong-trinh/{w.program.slug}/nhap-lieu/W25-00004/2025/"
    ),
    # A year whose period is not open: a GET asks for a confirmation; the POST opens the period, which is the
    # programme's secretariat's (issue 16: a ward reporter opened periods through this link with a GET).
    Endpoint(
        "data_entry", "get", WRITE_REPORT, url=lambda w: f"/chuong-trinh/{w.program.slug}/nhap-lieu/W25-00004/2024/"
    ),
    Endpoint(
        "data_entry",
        "post",
        Rule(parent=frozenset({S, M}), agency=frozenset({S, M})),
        url=lambda w: f"/chuong-trinh/{w.program.slug}/nhap-lieu/W25-00004/2024/",
    ),
    Endpoint("report_detail", "get", READ_REPORT, url=_report_url("/bao-cao/{report}/")),
    Endpoint(
        "report_detail", "post", WRITE_REPORT, url=_report_url("/bao-cao/{report}/"), data=lambda w: {"version": "x"}
    ),
    Endpoint("report_cell", "post", WRITE_REPORT, url=_report_url("/bao-cao/{report}/o/{indicator}/")),
    Endpoint("report_cell_history", "get", READ_REPORT, url=_report_url("/bao-cao/{report}/lich-su/{indicator}/")),
    Endpoint(
        "report_budget",
        "post",
        WRITE_REPORT,
        url=_report_url("/bao-cao/{report}/kinh-phi/"),
        data=lambda w: {"b-count": "1", "b0-source": "city", "b0-allocated": "1.000.000"},
    ),
    Endpoint("report_submit", "post", SUBMIT_REPORT, url=_report_url("/bao-cao/{report}/gui/")),
    Endpoint("report_approve", "post", REVIEW_REPORT, url=_report_url("/bao-cao/{report}/duyet/")),
    Endpoint("report_return", "post", REVIEW_REPORT, url=_report_url("/bao-cao/{report}/tra-lai/")),
    Endpoint("report_reopen", "post", REVIEW_REPORT, url=_report_url("/bao-cao/{report}/mo-lai/")),
    Endpoint("report_workbook", "get", READ_REPORT, url=_report_url("/bao-cao/{report}/bang-tinh/")),
    Endpoint("report_workbook_upload", "post", WRITE_REPORT, url=_report_url("/bao-cao/{report}/bang-tinh/nhap/")),
    Endpoint("periods", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/ky-bao-cao/")),
    Endpoint("periods", "post", MANAGE_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/ky-bao-cao/")),
    Endpoint("assignments", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/phan-cong/")),
    Endpoint("assignments", "post", MANAGE_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/phan-cong/")),
    Endpoint(
        "assignment_remove", "post", MANAGE_PROGRAM, "program", url=lambda w: f"/phan-cong/{w.units['assignment']}/bo/"
    ),
    Endpoint("targets", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/muc-tieu/")),
    Endpoint("targets", "post", MANAGE_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/muc-tieu/")),
    Endpoint("target_remove", "post", MANAGE_PROGRAM, "program", url=lambda w: f"/muc-tieu/{w.units['target']}/bo/"),
    Endpoint(
        "declarations", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/ket-qua-cong-bo/")
    ),
    Endpoint("program_links", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/van-ban/")),
    Endpoint("program_links", "post", MANAGE_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/van-ban/")),
    Endpoint("program_link_remove", "post", MANAGE_PROGRAM, "program", url=lambda w: f"/van-ban/{w.units['link']}/bo/"),
    Endpoint(
        "declarations", "post", MANAGE_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/ket-qua-cong-bo/")
    ),
    Endpoint("period_detail", "get", FOLLOW_PROGRAM, "program", url=_period_url("/ky-bao-cao/{period}/")),
    Endpoint("period_close", "post", MANAGE_PROGRAM, "program", url=_period_url("/ky-bao-cao/{period}/dong/")),
    Endpoint("period_reopen", "post", MANAGE_PROGRAM, "program", url=_period_url("/ky-bao-cao/{period}/mo-lai/")),
    Endpoint("period_remind", "post", MANAGE_PROGRAM, "program", url=_period_url("/ky-bao-cao/{period}/nhac-han/")),
    Endpoint("period_workbook", "get", FOLLOW_PROGRAM, "program", url=_period_url("/ky-bao-cao/{period}/bang-tinh/")),
    Endpoint(
        "period_workbook_upload",
        "post",
        MANAGE_PROGRAM,
        "program",
        url=_period_url("/ky-bao-cao/{period}/bang-tinh/nhap/"),
    ),
    # The period's workbook as a background job (issue 21): started by those who may download it at once; the
    # job (made without a requester here) followed and downloaded by its requester and the programme secretariat.
    Endpoint(
        "period_workbook_job", "post", FOLLOW_PROGRAM, "program", url=_period_url("/ky-bao-cao/{period}/bang-tinh/tao/")
    ),
    Endpoint("export_job", "get", MANAGE_PROGRAM, "program", url=lambda w: f"/viec-xuat/{w.units['export_job']}/"),
    Endpoint(
        "export_job_progress",
        "get",
        MANAGE_PROGRAM,
        "program",
        url=lambda w: f"/viec-xuat/{w.units['export_job']}/tien-do/",
    ),
    Endpoint(
        "export_job_download",
        "get",
        MANAGE_PROGRAM,
        "program",
        url=lambda w: f"/viec-xuat/{w.units['export_job']}/tai-ve/",
    ),
    Endpoint("interop", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/trao-doi/")),
    Endpoint(
        "interop",
        "post",
        MANAGE_PROGRAM,
        "program",
        url=_period_url("/chuong-trinh/{slug}/trao-doi/"),
        data=lambda w: {"upload": "dhis2"},
    ),
    # Exports carry approved figures only: public for a published programme, as its pages are.
    Endpoint(
        "interop_dhis2_export",
        "get",
        PUBLIC,
        "program",
        url=_period_url(
            "/chuong-trinh/{slug}/trao-doi/dhis2/?start_year=2025&end_year=2025&file_format=csv&scheme=code"
        ),
    ),
    Endpoint(
        "interop_opensdg_export",
        "get",
        PUBLIC,
        "program",
        url=_period_url("/chuong-trinh/{slug}/trao-doi/open-sdg/?indicator=1"),
    ),
    # The same exports as background jobs (POST, from the page a large export answers a GET with): anyone signed in
    # who may export at once, never anonymously (the job and its file belong to the person who asked).
    Endpoint(
        "interop_dhis2_export",
        "post",
        SIGNED_IN,
        "program",
        url=_period_url("/chuong-trinh/{slug}/trao-doi/dhis2/"),
        data=lambda w: {"start_year": 2025, "end_year": 2025, "file_format": "csv", "scheme": "code"},
    ),
    Endpoint(
        "interop_opensdg_export",
        "post",
        SIGNED_IN,
        "program",
        url=_period_url("/chuong-trinh/{slug}/trao-doi/open-sdg/"),
        data=lambda w: {"indicator": "1", "units": "W25-00004"},
    ),
    Endpoint("import_job", "get", FOLLOW_PROGRAM, "program", url=lambda w: f"/viec-nhap/{w.units['import_job']}/"),
    Endpoint(
        "import_job_progress",
        "get",
        FOLLOW_PROGRAM,
        "program",
        url=lambda w: f"/viec-nhap/{w.units['import_job']}/tien-do/",
    ),
    # What the leadership reads (documents app): the yearly report, letters, dashboards, maps, briefings.
    Endpoint("leadership_home", "get", SIGNED_IN, url=lambda w: "/lanh-dao/"),
    Endpoint(
        "program_dashboard", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/bang-dieu-khien/")
    ),
    Endpoint("program_results", "get", PUBLIC, "program", url=_period_url("/chuong-trinh/{slug}/ket-qua/")),
    Endpoint("program_map", "get", PUBLIC, "program", url=_period_url("/chuong-trinh/{slug}/ban-do/?year=2025")),
    Endpoint(
        "annual_report", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/bao-cao-nam/2025/")
    ),
    Endpoint(
        "annual_report",
        "post",
        MANAGE_PROGRAM,
        "program",
        url=_period_url("/chuong-trinh/{slug}/bao-cao-nam/2025/"),
        data=lambda w: {"version": "x"},
    ),
    Endpoint(
        "document_settings", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/the-thuc-van-ban/")
    ),
    Endpoint(
        "document_settings",
        "post",
        MANAGE_PROGRAM,
        "program",
        url=_period_url("/chuong-trinh/{slug}/the-thuc-van-ban/"),
    ),
    Endpoint(
        "reminder_letter", "get", MANAGE_PROGRAM, "program", url=_period_url("/ky-bao-cao/{period}/cong-van-don-doc/")
    ),
    Endpoint(
        "evaluation_settings", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/cach-danh-gia/")
    ),
    Endpoint(
        "evaluation_settings",
        "post",
        MANAGE_PROGRAM,
        "program",
        url=_period_url("/chuong-trinh/{slug}/cach-danh-gia/"),
        data=lambda w: {"min_coverage": "80"},
    ),
    Endpoint("briefings", "get", FOLLOW_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/ban-tin/")),
    Endpoint("briefings", "post", MANAGE_PROGRAM, "program", url=_period_url("/chuong-trinh/{slug}/ban-tin/")),
    Endpoint("briefing_stop", "post", MANAGE_PROGRAM, "program", url=lambda w: f"/ban-tin/{w.units['briefing']}/dung/"),
    Endpoint("boundaries", "get", BOUNDARIES, url=lambda w: "/ranh-gioi/"),
    Endpoint("boundaries", "post", BOUNDARIES, url=lambda w: "/ranh-gioi/"),
    Endpoint("admin:index", "get", STAFF_ONLY, url=lambda w: "/admin/"),
    # API v1 (personal tokens; the same rules).
    Endpoint("api-v1:health", "get", PUBLIC, api=True, url=lambda w: "/api/v1/health"),
    Endpoint("api-v1:list_programs", "get", PUBLIC, api=True, url=lambda w: "/api/v1/programs/"),
    Endpoint(
        "api-v1:program_evaluation",
        "get",
        PUBLIC,
        api=True,
        url=lambda w: f"/api/v1/programs/{w.program.slug}/evaluation?year=2025",
    ),
    Endpoint(
        "api-v1:list_periods", "get", PUBLIC, "program", api=True, url=_period_url("/api/v1/programs/{slug}/periods")
    ),
    Endpoint(
        "api-v1:create_period",
        "post",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/periods"),
        data=lambda w: {"kind": "quarter", "year": 2025, "number": 4},
    ),
    Endpoint(
        "api-v1:close", "post", MANAGE_PROGRAM, "program", api=True, url=_period_url("/api/v1/periods/{period}/close")
    ),
    Endpoint(
        "api-v1:list_targets", "get", PUBLIC, "program", api=True, url=_period_url("/api/v1/programs/{slug}/targets")
    ),
    Endpoint(
        "api-v1:put_target",
        "post",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/targets"),
        data=lambda w: {"indicator": "1", "year": 2023, "phrase": "170.000 lượt người"},
    ),
    Endpoint(
        "api-v1:list_declarations",
        "get",
        PUBLIC,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/declarations"),
    ),
    Endpoint(
        "api-v1:post_declared_verdict",
        "post",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/declared-verdicts"),
        data=lambda w: {"indicator": "1", "year": 2023, "status": "achieved", "source": "Kiểm tra phân quyền"},
    ),
    Endpoint(
        "api-v1:post_declared_summary",
        "post",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/declared-summaries"),
        data=lambda w: {"year": 2023, "sentence": "1/1 chỉ tiêu đạt.", "source": "Kiểm tra phân quyền"},
    ),
    Endpoint(
        "api-v1:reopen",
        "post",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=_period_url("/api/v1/periods/{period}/reopen"),
        data=lambda w: {"reason": "Kiểm tra phân quyền"},
    ),
    Endpoint(
        "api-v1:period_completeness",
        "get",
        FOLLOW_PROGRAM,
        "program",
        api=True,
        url=_period_url("/api/v1/periods/{period}/completeness"),
    ),
    Endpoint(
        "api-v1:period_reports", "get", PUBLIC, "program", api=True, url=_period_url("/api/v1/periods/{period}/reports")
    ),
    Endpoint("api-v1:get_report", "get", READ_REPORT, api=True, url=_report_url("/api/v1/reports/{report}")),
    Endpoint(
        "api-v1:put_values",
        "put",
        WRITE_REPORT,
        api=True,
        url=_report_url("/api/v1/reports/{report}/values"),
        data=lambda w: {"version": 999, "values": []},
    ),
    Endpoint("api-v1:report_budget", "get", READ_REPORT, api=True, url=_report_url("/api/v1/reports/{report}/budget")),
    Endpoint(
        "api-v1:put_report_budget",
        "put",
        WRITE_REPORT,
        api=True,
        url=_report_url("/api/v1/reports/{report}/budget"),
        data=lambda w: {"version": 999, "lines": []},
    ),
    Endpoint("api-v1:submit", "post", SUBMIT_REPORT, api=True, url=_report_url("/api/v1/reports/{report}/submit")),
    Endpoint("api-v1:approve", "post", REVIEW_REPORT, api=True, url=_report_url("/api/v1/reports/{report}/approve")),
    Endpoint(
        "api-v1:send_back",
        "post",
        REVIEW_REPORT,
        api=True,
        url=_report_url("/api/v1/reports/{report}/return"),
        data=lambda w: {"reason": "Kiểm tra phân quyền"},
    ),
    Endpoint(
        "api-v1:reopen_approved",
        "post",
        REVIEW_REPORT,
        api=True,
        url=_report_url("/api/v1/reports/{report}/reopen"),
        data=lambda w: {"reason": "Kiểm tra phân quyền"},
    ),
    Endpoint(
        "api-v1:history", "get", READ_REPORT, api=True, url=_report_url("/api/v1/reports/{report}/history?indicator=1")
    ),
    Endpoint(
        "api-v1:import_data_value_set",
        "post",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/dhis2/dataValueSets?idScheme=code&dryRun=true"),
        data=lambda w: {"dataValues": [{"dataElement": "1", "period": "2025", "orgUnit": "P-01", "value": "5"}]},
    ),
    Endpoint(
        "api-v1:export_data_value_set",
        "get",
        PUBLIC,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/dhis2/dataValueSets?idScheme=code"),
    ),
    # The matrix sends JSON, not a file: access is checked before the missing file is refused (400).
    Endpoint(
        "api-v1:enqueue_import_job",
        "post",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/imports"),
    ),
    Endpoint(
        "api-v1:import_job",
        "get",
        FOLLOW_PROGRAM,
        "program",
        api=True,
        url=lambda w: f"/api/v1/imports/{w.units['import_job']}",
    ),
    Endpoint(
        "api-v1:program_report",
        "get",
        FOLLOW_PROGRAM,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/report?year=2025&format=xlsx"),
    ),
    Endpoint(
        "api-v1:export_opensdg_csv",
        "get",
        PUBLIC,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/indicators/1/opensdg.csv"),
    ),
    # Background exports (issue 21): queued by anyone with a key who may export at once; a job (here one made
    # without a requester) and its file read by its requester and the programme secretariat.
    Endpoint(
        "api-v1:enqueue_export_job",
        "post",
        SIGNED_IN,
        "program",
        api=True,
        url=_period_url("/api/v1/programs/{slug}/export-jobs"),
        data=lambda w: {"kind": "dhis2", "idScheme": "code", "startYear": 2025, "endYear": 2025, "format": "csv"},
    ),
    Endpoint(
        "api-v1:export_job",
        "get",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=lambda w: f"/api/v1/export-jobs/{w.units['export_job']}",
    ),
    Endpoint(
        "api-v1:export_job_file",
        "get",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=lambda w: f"/api/v1/export-jobs/{w.units['export_job']}/file",
    ),
    # Steering work: tasks, meetings, difficulties, inspections.
    Endpoint("steering", "get", FOLLOW_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/dieu-hanh/")),
    Endpoint("task_list", "get", VIEW_STEERING, "program", url=_steering_url("/chuong-trinh/{slug}/nhiem-vu/")),
    Endpoint("task_list", "post", MANAGE_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/nhiem-vu/")),
    Endpoint("task_import", "get", MANAGE_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/nhiem-vu/nhap/")),
    Endpoint(
        "task_import", "post", MANAGE_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/nhiem-vu/nhap/")
    ),
    Endpoint(
        "task_import_confirm",
        "post",
        MANAGE_PROGRAM,
        "program",
        url=_steering_url("/chuong-trinh/{slug}/nhiem-vu/nhap/xac-nhan/"),
    ),
    Endpoint("task_detail", "get", READ_TASK, "task", url=_steering_url("/nhiem-vu/{task}/")),
    Endpoint("task_detail", "post", EDIT_TASK, "task", url=_steering_url("/nhiem-vu/{task}/")),
    Endpoint("task_status", "post", UPDATE_TASK, "task", url=_steering_url("/nhiem-vu/{task}/trang-thai/")),
    Endpoint("report_task_progress", "post", WRITE_REPORT, url=_steering_url("/bao-cao/{report}/nhiem-vu/{task}/")),
    Endpoint("meeting_list", "get", VIEW_STEERING, "program", url=_steering_url("/chuong-trinh/{slug}/hoi-nghi/")),
    Endpoint("meeting_list", "post", MANAGE_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/hoi-nghi/")),
    Endpoint("meeting_detail", "get", VIEW_STEERING, "program", url=_steering_url("/hoi-nghi/{meeting}/")),
    Endpoint("meeting_detail", "post", MANAGE_PROGRAM, "program", url=_steering_url("/hoi-nghi/{meeting}/")),
    Endpoint("difficulty_list", "get", VIEW_STEERING, "program", url=_steering_url("/chuong-trinh/{slug}/kho-khan/")),
    Endpoint(
        "difficulty_list", "post", RAISE_DIFFICULTY, "program", url=_steering_url("/chuong-trinh/{slug}/kho-khan/")
    ),
    Endpoint(
        "difficulty_resolve", "post", UPDATE_TASK, "task", url=_steering_url("/kho-khan/{difficulty}/giai-quyet/")
    ),
    Endpoint("inspection_list", "get", VIEW_STEERING, "program", url=_steering_url("/chuong-trinh/{slug}/kiem-tra/")),
    Endpoint("inspection_list", "post", MANAGE_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/kiem-tra/")),
    Endpoint("inspection_plan", "get", VIEW_TEAM, "program", url=_steering_url("/kiem-tra/{plan}/")),
    Endpoint("inspection_plan", "post", MANAGE_PROGRAM, "program", url=_steering_url("/kiem-tra/{plan}/")),
    Endpoint("inspection_team", "get", VIEW_TEAM, "program", url=_steering_url("/doan-kiem-tra/{team}/")),
    Endpoint("inspection_team", "post", RECORD_FINDINGS, "program", url=_steering_url("/doan-kiem-tra/{team}/")),
    Endpoint(
        "finding_recommend", "post", RECORD_FINDINGS, "program", url=_steering_url("/phat-hien/{finding}/kien-nghi/")
    ),
    Endpoint(
        "finding_correct",
        "post",
        CORRECT_AFTER_INSPECTION,
        "program",
        url=_steering_url("/phat-hien/{finding}/dieu-chinh/"),
    ),
    Endpoint("attachment_download", "get", READ_TASK, "task", url=_steering_url("/tep/{attachment}/")),
    Endpoint("budget", "get", VIEW_STEERING, "program", url=_steering_url("/chuong-trinh/{slug}/kinh-phi/")),
    # The budget list as a background job (issue 21): anyone who sees the budget, for the lines they see.
    Endpoint(
        "budget_export_job", "post", VIEW_STEERING, "program", url=_steering_url("/chuong-trinh/{slug}/kinh-phi/xuat/")
    ),
    Endpoint(
        "budget",
        "post",
        ENTER_BUDGET,
        "task",
        url=_steering_url("/chuong-trinh/{slug}/kinh-phi/"),
        data=lambda w: {"unit": "HN-SYT", "year": "2025", "source": "city", "allocated": "1.000.000"},
    ),
    Endpoint(
        "budget_import", "get", IMPORT_BUDGET, "program", url=_steering_url("/chuong-trinh/{slug}/kinh-phi/nhap/")
    ),
    Endpoint(
        "budget_import", "post", IMPORT_BUDGET, "program", url=_steering_url("/chuong-trinh/{slug}/kinh-phi/nhap/")
    ),
    Endpoint("review_list", "get", FOLLOW_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/so-ket/")),
    Endpoint("review_list", "post", MANAGE_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/so-ket/")),
    Endpoint("review_detail", "get", FOLLOW_PROGRAM, "program", url=_steering_url("/so-ket/{review}/")),
    Endpoint(
        "api-v1:program_reviews",
        "get",
        FOLLOW_PROGRAM,
        "program",
        api=True,
        url=_steering_url("/api/v1/programs/{slug}/reviews"),
    ),
    Endpoint(
        "api-v1:get_review", "get", FOLLOW_PROGRAM, "program", api=True, url=_steering_url("/api/v1/reviews/{review}")
    ),
    Endpoint("emulation", "get", VIEW_STEERING, "program", url=_steering_url("/chuong-trinh/{slug}/thi-dua/")),
    Endpoint("emulation", "post", MANAGE_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/thi-dua/")),
    Endpoint(
        "emulation_year", "get", VIEW_STEERING, "program", url=_steering_url("/chuong-trinh/{slug}/thi-dua/2025/")
    ),
    Endpoint(
        "emulation_year", "post", MANAGE_PROGRAM, "program", url=_steering_url("/chuong-trinh/{slug}/thi-dua/2025/")
    ),
    Endpoint(
        "proposal_decide",
        "post",
        DECIDE_REWARDS,
        "program",
        url=_steering_url("/khen-thuong/{proposal}/quyet-dinh/"),
        data=lambda w: {"decision": "approve"},
    ),
    Endpoint(
        "api-v1:program_emulation",
        "get",
        VIEW_STEERING,
        "program",
        api=True,
        url=_steering_url("/api/v1/programs/{slug}/emulation/2025"),
    ),
    Endpoint(
        "api-v1:program_budget",
        "get",
        VIEW_STEERING,
        "program",
        api=True,
        url=_steering_url("/api/v1/programs/{slug}/budget?year=2025&threshold=80"),
    ),
    Endpoint(
        "api-v1:list_tasks",
        "get",
        VIEW_STEERING,
        "program",
        api=True,
        url=_steering_url("/api/v1/programs/{slug}/tasks?status=not_started&unit=HN-SYT"),
    ),
    Endpoint(
        "api-v1:create_task_api",
        "post",
        MANAGE_PROGRAM,
        "program",
        api=True,
        url=_steering_url("/api/v1/programs/{slug}/tasks"),
        data=lambda w: {"title": "Kiểm tra phân quyền", "lead_unit": "HN-SYT", "deadline": "2025"},
    ),
    Endpoint("api-v1:get_task", "get", READ_TASK, "task", api=True, url=_steering_url("/api/v1/tasks/{task}")),
    Endpoint(
        "api-v1:update_task_status",
        "post",
        UPDATE_TASK,
        "task",
        api=True,
        url=_steering_url("/api/v1/tasks/{task}/status"),
        data=lambda w: {"status": "in_progress"},
    ),
    Endpoint(
        "api-v1:list_meetings",
        "get",
        VIEW_STEERING,
        "program",
        api=True,
        url=_steering_url("/api/v1/programs/{slug}/meetings?year=2025"),
    ),
    Endpoint(
        "api-v1:list_difficulties",
        "get",
        VIEW_STEERING,
        "program",
        api=True,
        url=_steering_url("/api/v1/programs/{slug}/difficulties?status=open"),
    ),
    Endpoint(
        "api-v1:list_inspections",
        "get",
        VIEW_STEERING,
        "program",
        api=True,
        url=_steering_url("/api/v1/programs/{slug}/inspections?year=2025"),
    ),
    Endpoint(
        "api-v1:list_alerts",
        "get",
        FOLLOW_PROGRAM,
        "program",
        api=True,
        url=_steering_url("/api/v1/programs/{slug}/alerts?on=2025-06-01"),
    ),
]

# Where each relation puts the person, for an endpoint about a report (of ward A) or about the programme.
PLACES = {
    "report": {"own": "W25-00004", "other": "W25-00008", "parent": "P-01", "agency": "HN-SLDTBXH"},
    "program": {"own": "HN-SLDTBXH", "other": "HN-SYT", "parent": "P-01", "agency": "HN-SLDTBXH"},
    "task": {"own": "HN-SYT", "other": "HN-SGDDT", "parent": "P-01", "agency": "HN-SLDTBXH"},
}

# Relations whose person is the "own" person again: the programme's own unit is its standing agency.
SAME_PERSON_AS_OWN = {
    target: {relation for relation in ("other", "agency") if places[relation] == places["own"]}
    for target, places in PLACES.items()
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        city = OrgUnit.objects.create(code="P-01", name="Thành phố Hà Nội", kind="province")
        units = {"P-01": city}
        for code, name, kind, valid_from in [
            ("HN-SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "department", None),
            ("HN-SYT", "Sở Y tế", "department", None),
            ("HN-SGDDT", "Sở Giáo dục và Đào tạo", "department", None),
            ("W25-00004", "Phường Ba Đình", "commune", date(2025, 7, 1)),
            ("W25-00008", "Phường Ngọc Hà", "commune", date(2025, 7, 1)),
        ]:
            units[code] = OrgUnit.objects.create(code=code, name=name, kind=kind, parent=city, valid_from=valid_from)
        program = Program.objects.create(
            slug="ma-tran",
            code="08-CTr/TU",
            kind="Chương trình",
            title="Chương trình kiểm tra phân quyền",
            issuer="Thành ủy Hà Nội",
            issued_on=date(2021, 3, 17),
            start_year=2021,
            end_year=2025,
            owner_unit=city,
            standing_agency=units["HN-SLDTBXH"],
            is_published=True,
        )
        jobs = Indicator.objects.create(
            program=program, code="1", name="Giải quyết việc làm", aggregation="sum", lead_unit=units["HN-SLDTBXH"]
        )
        create_default_assignments(program)
        commune_level = add_assignment(jobs, role=AssignmentRole.COMMUNES)
        period = open_period(program, PeriodKey(2025, "year"))
        report = Report.objects.get(period=period, unit=units["W25-00004"])
        save_values(report, [ValueInput(indicator=jobs, text="1.250")])
        stranger = Membership.objects.model.user.field.related_model.objects.create_user("nguoi-la")
        units_and_ids: dict = dict(units)
        units_and_ids["assignment"] = commune_level.pk
        units_and_ids["link"] = ProgramLink.objects.create(
            program=program, relation="below", kind="Kế hoạch", code="207/KH-UBND", source="kiểm tra phân quyền"
        ).pk
        units_and_ids["target"] = Target.objects.create(
            indicator=jobs, year=2024, comparator="ge", value=160000, phrase="160.000 lượt người"
        ).pk
        units_and_ids["foreign_token"] = create_token(stranger, name="của người khác")[0].pk
        units_and_ids["briefing"] = BriefingSchedule.objects.create(
            program=program, trigger="month_end", recipients="lanh-dao@ansinh.test"
        ).pk
        units_and_ids["import_job"] = ImportJob.objects.create(
            program=program, kind=ImportKind.DHIS2_JSON, filename="ma-tran.json", content=b"{}"
        ).pk
        # Run inline (tests/conftest.py): finished, with its file, so that its download can be reached.
        units_and_ids["export_job"] = enqueue_period_workbook(period).pk
        people = {
            (target, relation, role): _person(role, place, relation, target)
            for target, places in PLACES.items()
            for relation, place in places.items()
            if relation not in SAME_PERSON_AS_OWN[target]
            for role in sorted(ALL)
        }
        units_and_ids["steering"] = _steering_objects(program, units, report, people)
        yield World(program=program, report=report, indicator=jobs, units=units_and_ids, people=people)
        transaction.set_rollback(True)


def _steering_objects(program, units, report, people) -> dict[str, int]:
    """A task of Sở Y tế with an evidence file, a meeting, a difficulty Sở Y tế must resolve, and an inspection
    plan whose one team has the inspector of Sở Y tế (the "other" inspector of the programme) as its member."""
    health = units["HN-SYT"]
    evidence = Attachment.objects.create(
        filename="bien-ban.pdf", content_type="application/pdf", content=b"%PDF", size=4
    )
    task = create_task(
        program, TaskInput(title="Rà soát", lead_unit=health, deadline=parse_deadline("2025")), actor=None
    )
    Task.objects.filter(pk=task.pk).update(evidence_file=evidence)
    meeting = create_meeting(
        program,
        MeetingInput(held_on=date(2025, 1, 9), kind="periodic", title="Hội nghị", chair="Trưởng ban"),
        actor=None,
    )
    difficulty = raise_difficulty(
        program, DifficultyInput(title="Thiếu thuốc", raised_on=date(2025, 1, 9), resolving_unit=health), actor=None
    )
    plan = create_inspection_plan(program, year=2025, title="Kiểm tra 2025", target_units=9, actor=None)
    team = add_team(plan, name="Đoàn 1", members=[people[("program", "other", INS)][0]], actor=None)
    visit = add_visit(plan, units["W25-00004"], team=team, actor=None)
    finding = record_finding(visit, text="Số liệu tính trùng", correction_report=report, actor=None)
    review = take_review(program, kind="mid_term", year=2025, as_of=date(2025, 12, 31), actor=None)
    topic = set_topic(program, year=2025, title="Thi đua 2025", weights={"tasks_on_time": Decimal(100)}, actor=None)
    proposal = draft_proposal(
        topic,
        ProposalInput(
            recipient_kind="collective",
            unit=health,
            award="city_merit",
            grounds="Hoàn thành tốt",
            proposed_by=units["HN-SLDTBXH"],
        ),
        actor=None,
    )
    return {
        "proposal": proposal.pk,
        "review": review.pk,
        "task": task.pk,
        "attachment": evidence.pk,
        "meeting": meeting.pk,
        "difficulty": difficulty.pk,
        "plan": plan.pk,
        "team": team.pk,
        "finding": finding.pk,
    }


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(
        ("/accounts/login/", "/tai-khoan/xac-thuc/", "/admin/login/")
    )


def _request(client: Client, endpoint: Endpoint, world: World, key: str | None):
    url = endpoint.url(world)
    data = endpoint.data(world)
    call = getattr(client, endpoint.method)
    if endpoint.api:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
        if endpoint.method == "get":
            return call(url, **headers)
        return call(url, data=json.dumps(data), content_type="application/json", **headers)
    return call(url, data) if endpoint.method == "post" else call(url)


def _person(role: str, place: str, relation: str, target: str) -> tuple:
    user = get_user_model().objects.create_user(f"{role}-{relation}-{target}")
    Membership.objects.create(
        user=user, unit=OrgUnit.objects.get(code=place), role=role, includes_subunits=relation == "parent"
    )
    client = Client()
    client.force_login(user)
    mark_two_factor_passed(client, user)
    return user, create_token(user, name="ma trận", can_write=True)[1], client.session.session_key


def _caller(world: World, endpoint: Endpoint, relation: str, role: str) -> tuple[Client, str | None]:
    """A client acting as the person of the matrix at ``relation`` with ``role``: the API with their key,
    pages with their session."""
    _, key, session_key = world.people[(endpoint.target, relation, role)]
    client = Client()
    if endpoint.api:
        return client, key
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client, None


def sample_of_roles(endpoint: Endpoint, relation: str) -> list[str]:
    """One role the rule allows and one it refuses at the relation, taken in turn along the table so that every role
    is asked somewhere."""
    turn = MATRIX.index(endpoint)
    picked = []
    for allowed in (True, False):
        side = [role for role in sorted(ALL) if endpoint.rule.allows(relation, role) == allowed]
        if side:
            picked.append(side[turn % len(side)])
    return picked


def roles_to_ask(endpoint: Endpoint, relation: str) -> list[str]:
    """Every role on SQLite; on PostgreSQL (scripts/test.sh runs the suite on both) the sample above. What the
    database decides is the endpoint's own queries and the query of the caller's memberships, which an allowed and a
    refused caller both reach; who is allowed is decided in Python, and the SQLite pass asks every role."""
    return sample_of_roles(endpoint, relation) if connection.vendor == "postgresql" else sorted(ALL)


@pytest.mark.parametrize("endpoint", MATRIX, ids=lambda e: f"{e.method}-{e.name}")
def test_matrix(endpoint: Endpoint, world: World, db) -> None:
    """Every caller (anonymous, each role at each relation) is allowed or refused as the rule says; and when the
    endpoint is read with GET, that read changes nothing (see _changes_of_a_get)."""
    wrong: list[str] = []
    with transaction.atomic():
        response, changes = _walk(Client(), endpoint, world, None)
        if _refused(response) == endpoint.rule.anonymous:
            wrong.append(
                f"ẩn danh: {response.status_code} (mong đợi {'cho phép' if endpoint.rule.anonymous else 'từ chối'})"
            )
        wrong += [f"ẩn danh: {change}" for change in changes]
        transaction.set_rollback(True)
    for relation in RELATIONS:
        place = PLACES[endpoint.target][relation]
        if relation in SAME_PERSON_AS_OWN[endpoint.target]:
            # The same person as "own" (same unit, same role, no units below): the same answer, so the table must
            # say the same for both; asked once, as "own".
            wrong += [
                f"{role}@{relation}: bảng ghi khác với own, nhưng đó là cùng một người"
                for role in sorted(ALL)
                if endpoint.rule.allows(relation, role) != endpoint.rule.allows("own", role)
            ]
            continue
        for role in roles_to_ask(endpoint, relation):
            with transaction.atomic():
                client, key = _caller(world, endpoint, relation, role)
                response, changes = _walk(client, endpoint, world, key)
                allowed = not _refused(response)
                if allowed != endpoint.rule.allows(relation, role):
                    wrong.append(f"{role}@{relation} ({place}): {response.status_code}")
                wrong += [f"{role}@{relation}: {change}" for change in changes]
                transaction.set_rollback(True)
    assert not wrong, f"{endpoint.method.upper()} {endpoint.name} {endpoint.url(world)}: " + "; ".join(wrong)


def test_the_postgresql_sample_asks_both_sides_of_every_rule_and_every_role_somewhere() -> None:
    asked: dict[str, set[str]] = {relation: set() for relation in RELATIONS}
    for endpoint in MATRIX:
        for relation in RELATIONS:
            sample = sample_of_roles(endpoint, relation)
            answers = {endpoint.rule.allows(relation, role) for role in ALL}
            assert {endpoint.rule.allows(relation, role) for role in sample} == answers, (endpoint.name, relation)
            assert len(sample) == len(answers)
            asked[relation] |= set(sample)
    assert all(roles == ALL for roles in asked.values()), asked


def _named_patterns(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_endpoint_is_in_the_matrix() -> None:
    listed = {endpoint.name for endpoint in MATRIX}
    missing = sorted(
        name for name in _named_patterns(get_resolver()) - listed if not name.startswith(OUTSIDE_THE_MATRIX)
    )
    assert not missing, f"Thiếu trong bảng phân quyền / missing from the access matrix: {missing}"


# -- No state change on GET ------------------------------------------------------------------------------------------

# What a GET may record: reading (a report, the audit log), exporting, and a refusal. Nothing else.
READ_ACTIONS = ("access.denied",)
READ_ACTION_PREFIXES = ("view", "export", "download", "generate")


def _counts() -> dict[str, int]:
    """The number of rows of every table of every model, in one query."""
    tables = sorted({model._meta.db_table for model in apps.get_models()})
    quote = connection.ops.quote_name
    # Table names come from the model registry, quoted: no outside text reaches the query.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _walk(client: Client, endpoint: Endpoint, world: World, key: str | None) -> tuple:
    """The response to the caller's request, and, for a GET, what it changed: tables whose row count moved
    (the audit table aside) and audit events other than reads, exports and refusals."""
    if endpoint.method != "get":
        return _request(client, endpoint, world, key), []
    audit_table = AuditEvent._meta.db_table
    before = _counts()
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _request(client, endpoint, world, key)
    after = _counts()
    changed = [f"{table}: {before[table]} → {after[table]}" for table in before if before[table] != after[table]]
    changed = [change for change in changed if not change.startswith(f"{audit_table}:")]
    for action in AuditEvent.objects.filter(pk__gt=last_event).values_list("action", flat=True):
        if action not in READ_ACTIONS and not action.rsplit(".", 1)[-1].startswith(READ_ACTION_PREFIXES):
            changed.append(f"audit {action}")
    return response, changed
