import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_programs_are_listed_without_login(client):
    programs = {p["slug"]: p for p in client.get("/api/v1/programs/").json()}
    assert set(programs) == {"08-ctr-tu", "181-kh-ubnd", "28-ctrhd-tu"}
    assert programs["28-ctrhd-tu"]["issued_on"] == "08/11/2012"
    assert programs["08-ctr-tu"]["is_indicator_list_complete"] is False
    assert programs["08-ctr-tu"]["indicator_count_declared"] == 27
    assert programs["181-kh-ubnd"]["is_indicator_list_complete"] is True
    assert programs["181-kh-ubnd"]["issued_on"] == "13/06/2024"


def test_evaluation_returns_every_indicator_with_status_and_explanation(client):
    body = client.get("/api/v1/programs/08-ctr-tu/evaluation", {"year": 2022}).json()
    assert body["year"] == 2022
    assert body["summary"]["counts"]["exceeded"] == 9
    assert body["summary"]["sentence"].startswith("9/16 chỉ tiêu đạt và vượt kế hoạch")
    unemployment = next(i for i in body["indicators"] if i["code"] == "1")
    assert unemployment == unemployment | {
        "target_phrase": "dưới 4%",
        "actual_value": "2.23",
        "status": "exceeded",
        "status_label": "Vượt",
        "is_declared": False,
    }
    assert unemployment["explanation"].startswith("Thực hiện 2,23%")
    statuses = {i["status"] for i in body["indicators"]}
    assert statuses <= {
        "exceeded",
        "achieved",
        "not_achieved",
        "on_path",
        "behind_path",
        "not_implemented",
        "no_data",
        "not_assessed",
    }
    jobs = next(i for i in body["indicators"] if i["code"] == "2")
    assert jobs["actual_value"] == "203027"


def test_evaluation_errors_are_json_with_a_vietnamese_message_and_a_code(client):
    bad = client.get("/api/v1/programs/08-ctr-tu/evaluation", {"year": "abc"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"
    outside = client.get("/api/v1/programs/08-ctr-tu/evaluation", {"year": 2019})
    assert outside.status_code == 400 and "nằm ngoài thời gian" in outside.json()["message"]
    missing = client.get("/api/v1/programs/khong-co/evaluation", {"year": 2022})
    assert missing.status_code == 404 and missing.json() == {"code": "not_found", "message": "Không tìm thấy."}


def test_unpublished_programme_is_hidden_from_the_public(client):
    from ansinh.programs.models import Program

    Program.objects.filter(slug="181-kh-ubnd").update(is_published=False)
    assert {p["slug"] for p in client.get("/api/v1/programs/").json()} == {"08-ctr-tu", "28-ctrhd-tu"}
    response = client.get("/api/v1/programs/181-kh-ubnd/evaluation", {"year": 2030})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert client.get("/chuong-trinh/181-kh-ubnd/").status_code == 403


def test_openapi_schema_and_documentation_page_use_our_own_static_files(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/programs/{slug}/evaluation" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
