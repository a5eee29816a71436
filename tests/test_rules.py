"""The fixed contract of `thidua rules evaluate`, bad input, and the database bridge."""

import json
import subprocess
import sys

import pytest

from thidua.rules.engine import CaseError, evaluate

EXAMPLE = {"cases": [{"id": "c1", "award": "CSTD_CO_SO", "year": 2025, "as_of": "2026-01-15",
                      "subject": {"type": "person", "category": "civil_servant",
                                  "history": {"2025": {"rating": "HTXSNV", "awards": ["LDTT"], "initiatives": ["co_so"],
                                                       "disciplined": False, "months_worked": 12}}}}]}


def run_cli(payload: str):
    return subprocess.run([sys.executable, "-m", "thidua.cli", "rules", "evaluate", "--input", "-"],
                          input=payload, capture_output=True, text=True, timeout=120)


def test_cli_answers_the_issue_example():
    done = run_cli(json.dumps(EXAMPLE))
    assert done.returncode == 0, done.stderr
    [result] = json.loads(done.stdout)["results"]
    assert result["id"] == "c1" and result["eligible"] is True and result["regime"] == "2025"
    assert result["bonus_vnd"] == 2_340_000
    assert all(r["met"] is True for r in result["reasons"]) and result["complete"] is True
    assert all("91/2017" not in r["reference"] and "2003" not in r["reference"] for r in result["reasons"])
    assert "06/2022/QH15, Điều 23" in {r["condition"]: r for r in result["reasons"]}["c_cstd_achievement"]["reference"]


@pytest.mark.parametrize(("payload", "needle"), [
    ("not json", "not valid JSON"),
    (json.dumps({"cases": [{"id": "x", "award": "NOPE", "year": 2025, "subject": {}}]}), "'x'"),
    (json.dumps({"cases": [{"id": "y", "award": "LDTT", "year": "20x5", "subject": {}}]}), "year"),
    (json.dumps({"cases": [{"id": "z", "award": "LDTT", "year": 2025,
                            "subject": {"history": {"2025": {"rating": "GREAT"}}}}]}), "rating"),
])
def test_bad_input_exits_2_with_nothing_on_stdout(payload, needle):
    done = run_cli(payload)
    assert done.returncode == 2 and done.stdout == "" and needle in done.stderr


def _person(award, year, history, as_of=None):
    case = {"id": "p", "award": award, "year": year, "subject": {"type": "person", "history": history}}
    if as_of:
        case["as_of"] = as_of
    return evaluate({"cases": [case]})["results"][0]


def test_htxsnv_alone_suffices_for_cstd_co_so_only_from_2024():
    history = {"2023": {"rating": "HTXSNV", "awards": ["LDTT"]}}
    assert _person("CSTD_CO_SO", 2023, history, as_of="2023-12-20")["eligible"] is False
    assert _person("CSTD_CO_SO", 2023, history, as_of="2024-01-15")["eligible"] is True


def test_bonus_uses_base_salary_on_decision_date_and_rounds_up():
    history = {"2024": {"rating": "HTTNV"}}
    assert _person("LDTT", 2024, history, as_of="2024-06-30")["bonus_vnd"] == 540_000  # 0.3 × 1,800,000
    assert _person("LDTT", 2024, history, as_of="2024-07-01")["bonus_vnd"] == 710_000  # 0.3 × 2,340,000 ↑
    bk = {"2024": {"rating": "HTTNV", "awards": ["CSTD_CO_SO"]}, "2025": {"rating": "HTTNV", "awards": ["CSTD_CO_SO"]}}
    assert _person("BANG_KHEN_BO", 2025, bk, as_of="2025-06-30")["bonus_vnd"] == 2_340_000
    assert _person("BANG_KHEN_BO", 2025, bk, as_of="2025-07-01")["bonus_vnd"] == 3_510_000


def test_judgement_absent_is_null_and_does_not_block():
    result = _person("GIAY_KHEN", 2025, {"2025": {"rating": "HTTNV"}})
    assert result["eligible"] is True
    assert [r["met"] for r in result["reasons"] if r["kind"] == "judgement"] == [None]
    refused = _person("GIAY_KHEN", 2025, {"2025": {"rating": "HTTNV", "judgements": {"notable_achievement": False}}})
    assert refused["eligible"] is False


def test_engine_rejects_person_award_for_a_unit():
    with pytest.raises(CaseError, match="TT_LDXS"):
        evaluate({"cases": [{"id": "u", "award": "TT_LDXS", "year": 2025,
                             "subject": {"type": "person", "history": {}}}]})


def test_bridge_gives_the_same_answers_as_the_json_path(world):
    from thidua.organization.models import Discipline, YearlyRating
    from thidua.rules.bridge import evaluate_people

    people = [world.person(f"P{i}") for i in range(4)]
    ratings = ["HTXSNV", "HTTNV", "HTNV", "HTTNV"]
    for person, rating in zip(people, ratings, strict=True):
        YearlyRating.objects.create(person=person, year=2025, rating=rating)
    Discipline.objects.create(person=people[3], form="reprimand", decision_date="2025-05-05",
                              effective_from="2025-05-05")
    from thidua.organization.models import Person

    db = evaluate_people(Person.objects.filter(pk__in=[p.pk for p in people]), 2025, ["LDTT", "CSTD_CO_SO"])
    cases = [{"id": str(p.pk), "award": code, "year": 2025, "subject": {"type": "person", "history": {
        "2025": {"rating": r, "disciplined": i == 3}}}}
        for code in ("LDTT", "CSTD_CO_SO") for i, (p, r) in enumerate(zip(people, ratings, strict=True))]
    json_path = {(r["award"], int(r["id"])): r["eligible"] for r in evaluate({"cases": cases})["results"]}
    for code in ("LDTT", "CSTD_CO_SO"):
        for pid, ok in zip(db[code]["ids"], db[code]["eligible"], strict=True):
            assert json_path[(code, int(pid))] == bool(ok)
    assert [json_path[("LDTT", p.pk)] for p in people] == [True, True, False, False]


def test_api_evaluate_and_catalogue(client):
    response = client.post("/api/rules/evaluate", json.dumps(EXAMPLE), content_type="application/json")
    assert response.status_code == 200 and response.json()["results"][0]["eligible"] is True
    bad = client.post("/api/rules/evaluate", "{", content_type="application/json")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    codes = {a["code"] for a in client.get("/api/rules/awards").json()}
    assert {"LDTT", "CSTD_TOAN_QUOC", "HCLD_1", "CO_THI_DUA_CP", "BANG_KHEN_UBTVQH"} <= codes


def test_missing_rating_is_missing_not_failure():
    result = _person("LDTT", 2026, {"2025": {"rating": "HTXSNV"}}, as_of="2027-01-10")
    [rating] = [r for r in result["reasons"] if r["condition"] == "c_rating_good"]
    assert rating["met"] is None and rating["kind"] == "missing" and rating["missing_year"] == 2026
    assert "no rating recorded for 2026" in rating["text_en"].lower()
    assert rating["text_vi"].startswith("Chưa có dữ liệu xếp loại năm 2026")
    assert result["eligible"] is None and result["complete"] is False and result["bonus_vnd"] is None
    # a checked condition that fails still answers "no", with the missing fact reported beside it
    deferred = _person("LDTT", 2026, {"2026": {"deferred": True}}, as_of="2027-01-10")
    assert deferred["eligible"] is False and deferred["complete"] is False
    # a rating that is recorded and too low is a failure, not a gap
    low = _person("LDTT", 2026, {"2026": {"rating": "HTNV"}}, as_of="2027-01-10")
    assert low["eligible"] is False and low["complete"] is True
    assert [r["met"] for r in low["reasons"] if r["condition"] == "c_rating_good"] == [False]


def test_a_gap_inside_a_window_is_named_by_its_year():
    history = {str(y): {"rating": "HTTNV"} for y in (2021, 2022, 2024, 2025)}
    history["2020"] = {"awards": ["BANG_KHEN_BO"]}
    history["2021"]["awards"] = history["2022"]["awards"] = history["2024"]["awards"] = ["CSTD_CO_SO"]
    result = _person("BANG_KHEN_TTCP", 2025, history)
    gaps = [r for r in result["reasons"] if r["kind"] == "missing"]
    assert gaps and {r["missing_year"] for r in gaps} == {2023} and result["eligible"] is None


def test_reasons_under_the_2017_regime_cite_the_old_instruments():
    history = {"2023": {"rating": "HTXSNV", "awards": ["LDTT"]}}
    old = _person("CSTD_CO_SO", 2023, history, as_of="2023-12-20")
    assert old["regime"] == "2017" and old["eligible"] is False
    assert all("06/2022" not in r["reference"] for r in old["reasons"])
    assert any("91/2017" in r["reference"] for r in old["reasons"])
    new = _person("CSTD_CO_SO", 2023, history, as_of="2024-01-10")
    assert new["regime"] == "2024" and new["eligible"] is True
    assert all("91/2017" not in r["reference"] for r in new["reasons"])


def test_achievement_period_of_a_previous_award_is_not_counted_again():
    years = {str(y): {"rating": "HTTNV"} for y in range(2016, 2026)}
    years["2015"] = {"awards": ["BANG_KHEN_BO"]}
    years["2020"] = {"rating": "HTTNV", "awards": ["BANG_KHEN_TTCP"], "achievement_from": {"BANG_KHEN_TTCP": 2016}}
    for y in ("2021", "2022", "2023"):
        years[y]["awards"] = ["CSTD_CO_SO"]
    assert _person("BANG_KHEN_TTCP", 2025, years)["eligible"] is False
    years["2020"]["awards"].append("BANG_KHEN_BO")
    assert _person("BANG_KHEN_TTCP", 2025, years)["eligible"] is True
    with pytest.raises(CaseError, match="achievement_from"):
        _person("LDTT", 2025, {"2025": {"rating": "HTTNV", "achievement_from": {"LDTT": 2024}}})
    with pytest.raises(CaseError, match="after the award"):
        _person("LDTT", 2025, {"2025": {"rating": "HTTNV", "awards": ["LDTT"], "achievement_from": {"LDTT": 2026}}})


def test_labour_order_second_class_needs_two_excellent_years():
    history = {str(y): {"rating": "HTTNV"} for y in range(2021, 2026)}
    history["2020"] = {"awards": ["HCLD_3"]}
    history["2023"] = {"rating": "HTXSNV", "awards": ["CSTD_BO"]}
    result = _person("HCLD_2", 2025, history)
    assert result["eligible"] is False
    [htxsnv] = [r for r in result["reasons"] if r["condition"] == "c_hcld_2_htxsnv"]
    assert htxsnv["met"] is False and htxsnv["reference"].endswith("Điều 43")
