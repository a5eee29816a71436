import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from thidua.audit.models import AppendOnlyError, AuditEvent
from thidua.audit.services import record, verify_chain


@pytest.fixture
def chain(db):
    return [record(actor="system", action="test.event", object_type="x", object_id=i, summary={"n": i})
            for i in range(1, 6)]


def test_intact_chain_verifies(chain):
    assert verify_chain().ok and verify_chain().checked == 5
    call_command("audit", "verify")


def test_application_cannot_update_or_delete_events(chain):
    with pytest.raises(AppendOnlyError):
        chain[0].save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=chain[0].pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="x")


def _sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)


def test_altered_event_is_named(chain):
    _sql("UPDATE audit_auditevent SET summary = %s WHERE seq = 3", ['{"n": 99}'])
    result = verify_chain()
    assert not result.ok and result.broken_seq == 3
    with pytest.raises(CommandError, match="#3"):
        call_command("audit", "verify")


def test_removed_event_is_detected(chain):
    _sql("DELETE FROM audit_auditevent WHERE seq = 2")
    assert verify_chain().broken_seq == 2


def test_removed_last_event_is_detected(chain):
    _sql("DELETE FROM audit_auditevent WHERE seq = 5")
    assert not verify_chain().ok


def test_reordered_events_are_detected(chain):
    _sql("UPDATE audit_auditevent SET seq = 100 WHERE seq = 2")
    _sql("UPDATE audit_auditevent SET seq = 2 WHERE seq = 4")
    _sql("UPDATE audit_auditevent SET seq = 4 WHERE seq = 100")
    assert verify_chain().broken_seq == 2
