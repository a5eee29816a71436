"""/api/rounds/{id}/proposals reads the candidates stored by the background computation, as the proposals page
does: the same rows, filters and order, bounded pages, when they were computed, the state and the changes since;
never the engine at request time; refused outside the caller's scope."""

import datetime

import pytest
from django.utils import timezone
from test_proposals import fresh_answers, immediate_tasks, rated_people, stored_answers  # noqa: F401 — fixture

from thidua.accounts.models import Role
from thidua.nominations import proposals, services
from thidua.nominations.models import ProposalRun, ProposalRunStatus
from thidua.organization import services as organization

CODES = ["LDTT", "CSTD_CO_SO", "TT_LDXS"]


@pytest.fixture
def people(world):
    return rated_people(world, 24)


def open_round(officer, unit):
    return services.open_round(actor=officer, unit=unit, title="Khen thưởng năm 2025", year=2025, award_codes=CODES,
                               nomination_deadline=timezone.localdate() + datetime.timedelta(days=30))


def api(client, round_, **params):
    return client.get(f"/api/rounds/{round_.pk}/proposals", params)


def in_scope(world, found: set) -> set:
    """Answers a reader of the round's top unit sees, as on the page: everyone, and the top unit and its direct
    sub-units for collective awards."""
    return {a for a in found if a[0] != "TT_LDXS" or a[1] in (world.root.pk, world.dept_a.pk, world.dept_b.pk)}


def answers(response) -> set:
    return {(item["award_code"], item["subject_id"], item["eligible"],
             tuple((r["text_vi"], r["text_en"], r["reference"], r["met"] is None) for r in item["reasons"]))
            for item in response.json()}


def test_the_api_answers_the_stored_candidates_without_running_the_engine(world, officer, people, client,
                                                                           monkeypatch):
    round_ = open_round(officer, world.root)
    run = ProposalRun.objects.get(round=round_)

    def no_engine(*args, **kwargs):
        raise AssertionError("the API ran the engine")

    monkeypatch.setattr(services, "evaluate_round", no_engine)
    client.force_login(officer)
    response = api(client, round_, page_size=500)
    assert response.status_code == 200
    assert answers(response) == in_scope(world, stored_answers(round_, reasons=True))
    assert response["X-Proposals-Status"] == ProposalRunStatus.DONE and response["X-Changes-Since"] == "0"
    assert datetime.datetime.fromisoformat(response["X-Computed-At"]) == run.computed_at
    assert int(response["X-Total-Count"]) == len(response.json()) == len(in_scope(world, stored_answers(round_)))
    monkeypatch.undo()
    assert answers(response) == in_scope(world, fresh_answers(round_, reasons=True))
    assert {ok for _c, _s, ok, _r in answers(response)} == {True, False}  # both answers: the comparison means something


def test_the_api_filters_and_orders_like_the_page(world, officer, people, client):
    round_ = open_round(officer, world.root)
    client.force_login(officer)
    for params, show in [({"unit": world.dept_b.pk, "award": "LDTT", "eligible": "false"}, "not_eligible"),
                         ({"unit": world.dept_a.pk, "award": "CSTD_CO_SO"}, "all"),
                         ({"unit": world.root.pk, "award": "TT_LDXS"}, "all"),
                         ({"unit": world.div_a1.pk, "award": "LDTT", "eligible": "true"}, "eligible"),
                         ({"unit": world.root.pk, "award": "LDTT", "q": "can007"}, "all")]:
        page = client.get(f"/rounds/{round_.pk}/proposals/",
                          {"unit": params["unit"], "award": params["award"], "show": show, "q": params.get("q", "")})
        shown = [(e["subject"].pk, e["eligible"]) for e in page.context["entries"]]
        response = api(client, round_, **params)
        found = [(item["subject_id"], item["eligible"]) for item in response.json()]
        assert shown and found == shown, params
        assert int(response["X-Total-Count"]) == page.context["page"].paginator.count, params
    assert [i["subject_id"] for i in api(client, round_, award="LDTT", q="can007").json()] == [people[7].pk]


def test_pages_are_bounded_and_cover_every_candidate_once(world, officer, people, client):
    round_ = open_round(officer, world.root)
    client.force_login(officer)
    whole = api(client, round_, page_size=500).json()
    pages = [api(client, round_, page=n, page_size=7).json() for n in range(1, len(whole) // 7 + 3)]
    assert [len(p) for p in pages[:-2]] == [7] * (len(pages) - 2) and pages[-1] == []
    assert [item for p in pages for item in p] == whole
    assert api(client, round_, page_size=501).status_code == 422
    assert api(client, round_, award="GIAY_KHEN").status_code == 422  # not one of the round's awards


def test_changes_since_and_a_refresh_through_the_api(world, officer, people, client):
    round_ = open_round(officer, world.root)
    client.force_login(officer)
    target = next(p for p in people if p.ratings.get(year=2025).rating == "KHTNV")
    organization.set_rating(actor=officer, person=target, year=2025, rating="HTXSNV")
    stale = api(client, round_, award="LDTT", q=target.full_name)
    assert stale["X-Changes-Since"] == "1" and [i["eligible"] for i in stale.json()] == [False]
    refreshed = client.post(f"/api/rounds/{round_.pk}/proposals/refresh")
    assert refreshed.status_code == 202 and refreshed.json()["status"] == ProposalRunStatus.DONE
    fresh = api(client, round_, award="LDTT", q=target.full_name)
    assert fresh["X-Changes-Since"] == "0" and [i["eligible"] for i in fresh.json()] == [True]
    assert answers(api(client, round_, page_size=500)) == in_scope(world, fresh_answers(round_, reasons=True))


def test_a_queued_computation_answers_no_rows_with_its_state(world, officer, people, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    round_ = open_round(officer, world.root)
    client.force_login(officer)
    response = api(client, round_)
    assert response.json() == [] and response["X-Proposals-Status"] == ProposalRunStatus.QUEUED
    assert "X-Computed-At" not in response and response["X-Total-Count"] == "0"
    proposals.compute(round_.pk)
    assert answers(api(client, round_, page_size=500)) == in_scope(world, stored_answers(round_, reasons=True))


def test_users_outside_the_rounds_scope_are_refused(world, officer, people, client):
    round_ = open_round(officer, world.dept_b)
    before = ProposalRun.objects.get(round=round_).requested_at
    for user, unit in [(world.user("stranger"), world.dept_b),  # no role at all
                       (world.user("other", Role.EMULATION_OFFICER, world.other_root), world.other_root),
                       (world.user("leader_a", Role.UNIT_LEADER, world.dept_a), world.dept_a)]:  # beside the round
        client.force_login(user)
        assert api(client, round_, unit=unit.pk).status_code == 403, user
        assert client.post(f"/api/rounds/{round_.pk}/proposals/refresh").status_code == 403, user
    assert ProposalRun.objects.get(round=round_).requested_at == before
    client.force_login(world.user("leader_b", Role.UNIT_LEADER, world.dept_b))
    assert api(client, round_).status_code == 200 and api(client, round_, unit=world.dept_a.pk).status_code == 403
