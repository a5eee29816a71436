"""The demo data a newcomer sees after `make run`."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from thidua.awards.models import AwardRecord
from thidua.councils.ballot import verify_board
from thidua.councils.models import Poll
from thidua.councils.services import board, tally
from thidua.initiatives.models import Initiative, Recognition
from thidua.movements.models import Movement, Pledge
from thidua.movements.services import may_review_pledge
from thidua.nominations.models import Certificate, Round, State
from thidua.organization.models import Person
from thidua.policy.models import Reform
from thidua.publicity.models import ExemplaryModel, Honour, Replication


def test_small_demo_loads_people_initiatives_a_decided_round_and_one_in_progress(db):
    call_command("demo", "--small")
    assert Person.objects.count() > 200
    assert Initiative.objects.count() >= 10
    assert len(set(Recognition.objects.values_list("decision_date__year", flat=True))) >= 3
    past, current = Round.objects.order_by("year")
    assert past.status == "closed" and past.nominations.filter(state=State.DECIDED).exists()
    assert AwardRecord.objects.filter(decision__round=past).count() == Certificate.objects.count() > 0
    secret = Poll.objects.get(secret=True, status="closed")
    rows = tally(secret)
    assert all(r["approve"] + r["disapprove"] + r["abstain"] == 6 for r in rows)
    assert [r["approve"] for r in verify_board(board(secret))] == [r["approve"] for r in rows]  # its board verifies
    assert current.status == "open" and current.nominations.filter(state=State.SUBMITTED).exists()
    block_movement = Movement.objects.get(block__isnull=False)
    members = block_movement.participants.count()
    criteria = block_movement.rubric.criteria.count()
    assert block_movement.scores.filter(kind="cross").count() == members * (members - 1) * criteria
    assert block_movement.results.count() == members and block_movement.proposals.exists()
    assert Movement.objects.filter(kind="thematic", scores__kind="self").exists()
    draft = Reform.objects.get().simulations.get()  # the agency's own CSTĐCS share, with its simulation report
    cstd = next(r for r in draft.report["summary"] if r["award"] == "CSTD_CO_SO")
    assert draft.status == "done" and cstd["quota_draft"] == 0.15 and cstd["proposable_draft"] <= cstd["proposable_law"]
    collective = next(r for r in draft.report["summary"] if r["award"] == "TT_LDTT")  # collectives simulated too
    assert collective["subject"] == "unit" and collective["people"] == draft.report["units"] > 1 and collective["law"]
    models = ExemplaryModel.objects.all()  # about thirty exemplary models over five years, spread and honoured
    assert 25 <= models.count() <= 35 and models.values("year").distinct().count() == 5
    assert models.filter(source="discovered").exists() and models.filter(published_at__isnull=False).count() >= 15
    assert Replication.objects.filter(result__isnull=False).count() >= 10 and Honour.objects.count() >= 5
    staff_pledge = Pledge.objects.get(person__user__username="nhanvien")  # the leader of nhanvien's unit reviews it
    assert may_review_pledge(get_user_model().objects.get(username="lanhdao"), staff_pledge)
