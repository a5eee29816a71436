"""`thidua backup` then `thidua restore` gives back the same rows, the same uploaded files and an audit chain that
still verifies (SQLite online backup; pg_dump/pg_restore on PostgreSQL)."""

import hashlib
import io
import stat
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.audit.backup import row_counts
from thidua.audit.models import AuditEvent
from thidua.audit.services import record, verify_chain
from thidua.organization.models import Person


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "dossiers" / "2026").mkdir(parents=True)
    return settings.MEDIA_ROOT


def _hashes(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(world, officer, media, tmp_path):
    person = world.person("P1", "Trần Thị Lan")
    record(actor=officer, action="person.update", obj=person, summary={"position": ["", "Chuyên viên"]})
    (media / "dossiers" / "2026" / "bao-cao.pdf").write_bytes(b"%PDF-1.4 bao cao")
    rows, files = row_counts(), _hashes(media)
    assert verify_chain().ok
    archive = tmp_path / "thidua-backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds the keys
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "keys/audit_key" in names and "media/dossiers/2026/bao-cao.pdf" in names

    # After the backup: a person removed, a file changed, another event written.
    Person.objects.filter(pk=person.pk).update(full_name="Đã sửa")
    (media / "dossiers" / "2026" / "bao-cao.pdf").write_bytes(b"changed")
    (media / "dossiers" / "2026" / "new.pdf").write_bytes(b"new")
    record(actor=officer, action="person.update", obj=person, summary={"x": 1})

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert row_counts() == rows
    assert _hashes(media) == files
    assert Person.objects.get(pk=person.pk).full_name == "Trần Thị Lan"
    assert verify_chain().ok and AuditEvent.objects.count() == rows["audit.auditevent"]
    assert "audit chain intact" in out.getvalue()


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "x.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("hello.txt"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="not a thidua backup"):
        call_command("restore", str(bogus), "--yes")
