"""One decision per dossier, separated duties and honest dates. The races run with real threads on PostgreSQL
(SQLite serialises its writers, so they are skipped there); the sequential double submits run everywhere."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from thidua.accounts.models import Role, RoleAssignment
from thidua.accounts.scope import forget_scope
from thidua.audit.models import AuditEvent
from thidua.audit.services import verify_chain
from thidua.councils.models import Council, CouncilMember
from thidua.initiatives import services as initiatives
from thidua.initiatives.models import Review
from thidua.nominations import services
from thidua.nominations.models import Decision, Nomination, State, Transition
from thidua.organization import services as organization
from thidua.organization.models import Discipline, YearlyRating

TODAY = timezone.localdate()
RACERS = 50


class Dossier:
    """A nomination prepared and submitted by the unit leader; the emulation officer acts at the next level."""

    def __init__(self, world, officer):
        self.world, self.officer = world, officer
        self.leader = world.user("leader", Role.UNIT_LEADER, world.div_a1)
        self.person = world.person("G1", "Trần Thị Lan")
        YearlyRating.objects.create(person=self.person, year=2025, rating="HTTNV")
        self.round = services.open_round(actor=officer, unit=world.root, title="Năm 2025", year=2025,
                                         award_codes=["LDTT"], nomination_deadline=TODAY + datetime.timedelta(days=30))
        self.nomination = services.nominate(actor=self.leader, round_=self.round, award_code="LDTT", person=self.person,
                                            justification="Hoàn thành tốt nhiệm vụ")
        services.add_document(actor=self.leader, nomination=self.nomination, kind="achievement_report",
                              name="bao-cao.docx", content=b"bao cao")
        services.submit(actor=self.leader, nomination=self.nomination)

    def leader_is_also_officer(self):
        RoleAssignment.objects.create(user=self.leader, role=Role.EMULATION_OFFICER, unit=self.world.root)
        forget_scope(self.leader)

    def approved_by_council(self):
        """Set up the state a council poll leaves (the poll itself is tested in test_councils)."""
        Nomination.objects.filter(pk=self.nomination.pk).update(state=State.COUNCIL_REVIEWED, council_passed=True)
        self.nomination.refresh_from_db()

    def decide(self, actor, number="01/QĐ-VPQH", date=TODAY):
        return services.decide(actor=actor, round_=self.round, award_code="LDTT",
                               nominations=[Nomination.objects.get(pk=self.nomination.pk)], number=number, date=date,
                               signer="Nguyễn Văn Bình", signer_title="Chủ nhiệm", authority="Văn phòng Quốc hội")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def dossier(world, officer):
    return Dossier(world, officer)


# Separation of duties and dates ---------------------------------------------------------------------------------


def test_who_submitted_a_dossier_cannot_review_it(world, dossier):
    dossier.leader_is_also_officer()  # still the one who submitted
    with pytest.raises(ValidationError, match="Separation of duties.*another officer must review"):
        services.review(actor=dossier.leader, nomination=dossier.nomination, accept=True)
    assert Nomination.objects.get(pk=dossier.nomination.pk).state == State.SUBMITTED
    services.review(actor=dossier.officer, nomination=dossier.nomination, accept=True)


def test_separation_of_duties_can_be_turned_off_per_agency(world, dossier):
    dossier.leader_is_also_officer()
    world.agency.separation_of_duties = False
    world.agency.save()
    services.review(actor=dossier.leader, nomination=Nomination.objects.get(pk=dossier.nomination.pk), accept=True)
    assert Nomination.objects.get(pk=dossier.nomination.pk).state == State.UNIT_REVIEWED


def test_who_prepared_a_dossier_cannot_record_its_decision(world, dossier):
    dossier.leader_is_also_officer()
    dossier.approved_by_council()
    with pytest.raises(ValidationError, match="cannot record its decision"):
        dossier.decide(dossier.leader)
    assert not Decision.objects.exists()
    dossier.decide(dossier.officer)


def test_a_decision_cannot_be_dated_in_the_future(dossier):
    dossier.approved_by_council()
    with pytest.raises(ValidationError) as error:
        dossier.decide(dossier.officer, date=TODAY + datetime.timedelta(days=1))
    assert "future" in str(error.value.message_dict["date"])
    assert not Decision.objects.exists()


def test_disclosure_cannot_be_backdated_and_lasts_the_dated_period(dossier):
    from thidua.core.workdays import add_working_days
    from thidua.rules.system import tax_benefit_system

    services.review(actor=dossier.officer, nomination=dossier.nomination, accept=True)
    with pytest.raises(ValidationError, match="before today"):
        services.disclose(actor=dossier.officer, round_=dossier.round, starts_on=TODAY - datetime.timedelta(days=1))
    disclosure = services.disclose(actor=dossier.officer, round_=dossier.round)
    days = int(tax_benefit_system().parameters(TODAY.isoformat()).disclosure.working_days)
    assert disclosure.starts_on == TODAY and disclosure.ends_on == add_working_days(TODAY, days)


# Double submits, one after the other (every database) -------------------------------------------------------------


def test_a_second_click_on_a_stale_page_does_not_move_the_dossier_twice(dossier):
    stale = Nomination.objects.get(pk=dossier.nomination.pk)
    services.review(actor=dossier.officer, nomination=dossier.nomination, accept=True)
    with pytest.raises(ValidationError, match="Someone has just acted"):
        services.review(actor=dossier.officer, nomination=stale, accept=False, comment="Bổ sung")
    assert Transition.objects.filter(nomination=dossier.nomination).exclude(to_state=State.SUBMITTED).count() == 1
    assert AuditEvent.objects.filter(action__in=["nomination.unit_reviewed", "nomination.returned"]).count() == 1


def test_a_double_submitted_discipline_is_recorded_once(world, officer):
    person = world.person("K1")
    args = {"actor": officer, "person": person, "form": "reprimand", "decision_date": TODAY,
            "effective_from": TODAY, "decision_number": "12/QĐ-KL"}
    first, second = organization.add_discipline(**args), organization.add_discipline(**args)
    assert first.pk == second.pk and Discipline.objects.count() == 1
    assert AuditEvent.objects.filter(action="discipline.add").count() == 1


# Races with real threads (PostgreSQL) -----------------------------------------------------------------------------


def race(work, n=RACERS):
    """Run `work(i)` in n threads released at once; each result is the value returned or the exception raised."""
    barrier, results, lock = threading.Barrier(n), [], threading.Lock()

    def run(i):
        try:
            barrier.wait()
            outcome = work(i)
        except Exception as exc:  # noqa: BLE001 — a server error must show up in the results, not kill the thread
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _only_refusals(results, successes=1):
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(results) - len(errors) == successes, errors[:3]
    assert all(isinstance(e, ValidationError) for e in errors), [e for e in errors if not isinstance(e, ValidationError)]


@pytest.fixture
def concurrent(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")


def test_fifty_officers_accepting_and_returning_one_dossier_yield_one_transition(concurrent, world, officer):
    dossier = Dossier(world, officer)

    def act(i):
        nomination = Nomination.objects.get(pk=dossier.nomination.pk)
        return services.review(actor=officer, nomination=nomination, accept=i % 2 == 0, comment=f"Lượt {i}")

    _only_refusals(race(act))
    assert Transition.objects.filter(nomination=dossier.nomination).exclude(to_state=State.SUBMITTED).count() == 1
    assert AuditEvent.objects.filter(action__in=["nomination.unit_reviewed", "nomination.returned"]).count() == 1
    assert verify_chain().ok


def test_fifty_concurrent_decisions_on_one_dossier_yield_one(concurrent, world, officer):
    dossier = Dossier(world, officer)
    dossier.approved_by_council()
    _only_refusals(race(lambda i: dossier.decide(officer, number=f"{i + 1:02d}/QĐ-VPQH")))
    assert Decision.objects.count() == 1 and dossier.person.award_records.count() == 1


def test_fifty_double_submits_of_a_discipline_store_one(concurrent, world, officer):
    person = world.person("K1")
    results = race(lambda i: organization.add_discipline(
        actor=officer, person=person, form="reprimand", decision_date=TODAY, effective_from=TODAY,
        decision_number="12/QĐ-KL"))
    assert not [r for r in results if isinstance(r, Exception)]
    assert Discipline.objects.count() == 1 and AuditEvent.objects.filter(action="discipline.add").count() == 1


def test_fifty_double_submits_of_evidence_store_one(concurrent, world, officer):
    from tests.test_movements import windows
    from thidua.movements import services as movements
    from thidua.movements.models import Evidence

    rubric = movements.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí")
    criterion = movements.add_criterion(actor=officer, rubric=rubric, group="Chuyên môn", code="A1", name="Kế hoạch",
                                        max_score=10)
    movement = movements.launch(actor=officer, title="Thi đua", year=TODAY.year, rubric=rubric, unit=world.root,
                                participants=[world.dept_a], **windows())
    results = race(lambda i: movements.add_evidence(actor=officer, movement=movement, unit=world.dept_a,
                                                    criterion=criterion, reported_value="100%",
                                                    link="https://example.vn/bao-cao"))
    assert not [r for r in results if isinstance(r, Exception)]
    assert Evidence.objects.count() == 1


def test_fifty_concurrent_reviews_of_an_initiative_store_one_without_server_error(concurrent, world, officer):
    authors = world.person("A1", "Nguyễn Văn Đức")
    initiative = initiatives.register(actor=officer, unit=world.div_a1, authors=[(authors, 100)], title="Số hoá",
                                      problem="Giấy", solution="Quét", first_applied_on=datetime.date(2024, 3, 1))
    council = Council.objects.create(agency=world.agency, unit=world.root, kind="initiatives", name="HĐ sáng kiến")
    reviewer = world.user("reviewer")
    CouncilMember.objects.create(council=council, user=reviewer, role="member", term_start=datetime.date(2024, 1, 1))
    _only_refusals(race(lambda i: initiatives.review(actor=reviewer, initiative=initiative, novelty=5,
                                                     applicability=5, effectiveness=5, recommendation="recognise")))
    assert Review.objects.count() == 1


def test_fifty_concurrent_publications_of_a_movement_publish_once(concurrent, world, officer):
    from tests.test_movements import windows
    from thidua.movements import services as movements

    rubric = movements.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí")
    movements.add_criterion(actor=officer, rubric=rubric, group="Chuyên môn", code="A1", name="Kế hoạch", max_score=10)
    movement = movements.launch(actor=officer, title="Thi đua", year=TODAY.year, rubric=rubric, unit=world.root,
                                participants=[world.dept_a, world.dept_b], **windows())
    unscored = [world.dept_a.pk, world.dept_b.pk]
    _only_refusals(race(lambda i: movements.publish(actor=officer, movement=movement, confirmed_unscored=unscored)))
    assert AuditEvent.objects.filter(action="movement.publish").count() == 1
