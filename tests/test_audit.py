"""The audit chain against an insider who can edit the database but holds neither the MAC key nor the var
directory: each forgery below passed `audit verify` before the chain was keyed and anchored."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet

from thidua.audit import services
from thidua.audit.models import AppendOnlyError, AuditEvent, AuditHead
from thidua.audit.services import record, verify_chain


@pytest.fixture
def chain(db, django_capture_on_commit_callbacks):
    events = []
    for i in range(1, 6):
        with django_capture_on_commit_callbacks(execute=True):
            events.append(record(actor="system", action="round.open", object_type="nominations.round", object_id=i,
                                 summary={"n": i}))
    return events


def _update(at_seq, **fields):
    QuerySet.update(AuditEvent.objects.filter(seq=at_seq), **fields)


def _delete(queryset):
    QuerySet.delete(queryset)


def _reseal_unkeyed(from_seq=1):
    """What an insider does after an edit: recompute every following SHA-256 hash and the head, as the old chain
    allowed."""
    prev = services.GENESIS
    for event in AuditEvent.objects.order_by("seq"):
        if event.seq >= from_seq:
            event.prev_hash = prev
            event.hash = services._legacy_hash(event)
            _update(event.seq, prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    last = AuditEvent.objects.order_by("-seq").first()
    QuerySet.update(AuditHead.objects.all(), seq=last.seq, hash=last.hash)


def _verify_fails(match):
    result = verify_chain()
    assert not result.ok
    with pytest.raises(CommandError, match=match):
        call_command("audit", "verify")
    return result


def test_intact_chain_verifies_against_the_checkpoint(chain):
    result = verify_chain()
    assert result.ok and result.checked == 5 and result.checkpoint["seq"] == 5
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "5 events verified against checkpoint #5" in out.getvalue()


def test_application_cannot_update_or_delete_events(chain):
    with pytest.raises(AppendOnlyError):
        chain[0].save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=chain[0].pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="x")


def test_forgery_1_edit_with_recomputed_unkeyed_hashes_is_caught_and_named(chain):
    _update(3, summary={"n": 99})
    _reseal_unkeyed(from_seq=3)
    result = _verify_fails(r"#3, \d\d/\d\d/\d{4} \d\d:\d\d:\d\d, system, .+ \(round.open\), .+ 3")
    assert result.broken_seq == 3 and result.event.seq == 3


def test_forgery_2_deleting_and_renumbering_an_event_is_caught(chain):
    _delete(AuditEvent.objects.filter(seq=3))
    _update(4, seq=3)
    _update(5, seq=4)
    _reseal_unkeyed(from_seq=3)
    assert _verify_fails("#3").broken_seq == 3


def test_forgery_3_truncating_the_tail_and_fixing_the_head_is_caught(chain):
    _delete(AuditEvent.objects.filter(seq__gte=4))
    QuerySet.update(AuditHead.objects.all(), seq=3, hash=chain[2].hash)
    result = _verify_fails("checkpoint .* records event #5")
    assert result.broken_seq == 4 and result.event.seq == 3


def test_forgery_4_deleting_the_head_row_is_caught(chain):
    _delete(AuditHead.objects.all())
    _verify_fails("head record was removed")


def test_forgery_5_wiping_the_whole_log_is_caught(chain):
    _delete(AuditEvent.objects.all())
    _delete(AuditHead.objects.all())
    result = _verify_fails("the log is empty but the checkpoint .* records event #5")
    assert result.checked == 0


def test_reordered_events_are_caught(chain):
    _update(2, seq=100)
    _update(4, seq=2)
    _update(100, seq=4)
    assert _verify_fails("#2").broken_seq == 2


def test_forged_checkpoint_is_caught(chain):
    path = services.checkpoint_path()
    data = json.loads(path.read_text())
    data["seq"] = 3
    path.write_text(json.dumps(data))
    _verify_fails("checkpoint was altered")


def test_a_log_without_its_checkpoint_does_not_pass(chain):
    services.checkpoint_path().unlink()
    _verify_fails("no checkpoint file")


def test_rolled_back_event_does_not_move_the_checkpoint(chain, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        record(actor="system", action="round.close", object_type="nominations.round", object_id=1)
        raise RuntimeError
    assert services.read_checkpoint()["seq"] == 5 and verify_chain().ok


def test_dumpdata_and_loaddata_keep_the_chain_verifiable(chain, tmp_path):
    dump = tmp_path / "audit.json"
    call_command("dumpdata", "audit", output=str(dump))
    _delete(AuditEvent.objects.all())
    _delete(AuditHead.objects.all())
    call_command("loaddata", str(dump))
    assert verify_chain().ok and verify_chain().checked == 5


def test_a_log_from_before_the_key_is_resealed_once_and_then_verifies(chain):
    _reseal_unkeyed()
    assert not verify_chain().ok
    call_command("audit", "rechain", stdout=io.StringIO())
    assert verify_chain().ok and verify_chain().checked == 5


def test_rechain_refuses_a_tampered_pre_key_log(chain):
    _reseal_unkeyed()
    _update(2, summary={"n": 42})
    with pytest.raises(CommandError, match="refusing"):
        call_command("audit", "rechain")


def test_checkpoint_command_does_not_paper_over_a_truncation(chain):
    _delete(AuditEvent.objects.filter(seq__gte=4))
    QuerySet.update(AuditHead.objects.all(), seq=3, hash=chain[2].hash)
    with pytest.raises(CommandError, match="events were removed"):
        call_command("audit", "checkpoint")
    assert services.read_checkpoint()["seq"] == 5


@pytest.mark.django_db(transaction=True)
def test_one_checkpoint_write_per_transaction_and_rolled_back_savepoints_are_covered():
    from django.db import transaction

    with transaction.atomic():
        for i in range(3):
            record(actor="system", action="round.open", object_type="nominations.round", object_id=i)
    assert services.read_checkpoint()["seq"] == 3
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            record(actor="system", action="round.close", object_type="nominations.round", object_id=1)
            raise RuntimeError  # the savepoint holding the first pending write rolls back
        record(actor="system", action="round.close", object_type="nominations.round", object_id=2)
    assert services.read_checkpoint()["seq"] == 4 and verify_chain().ok
