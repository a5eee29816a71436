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
    assert all(r["met"] is True and "06/2022/QH15" in r["reference"] for r in result["reasons"])


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
