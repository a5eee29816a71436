"""Writing and verifying the audit chain.

Every event carries HMAC-SHA256(key, canonical form) where the canonical form holds the previous event's MAC;
the key (`settings.AUDIT_KEY`) is never stored in the database, so a person who can edit the database cannot
recompute the chain. After each commit the chain's head is written to a signed checkpoint file outside the
database; `verify_chain` checks every event and then the checkpoint, so truncation, a deleted head row or a
wiped log are caught as well as edits, deletions and reordering.
"""

import datetime
import fcntl
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditEvent, AuditHead

GENESIS = "0" * 64
log = logging.getLogger(__name__)


# Canonical form and MAC ----------------------------------------------------------------------------


def _utc_millis(moment: datetime.datetime) -> str:
    """Milliseconds only: Django's JSON serializer (dumpdata/loaddata) keeps no more."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "seq": event.seq,
        "time": _utc_millis(event.created_at),
        "actor_id": event.actor_id,
        "actor": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "unit_id": event.unit_id,
        "summary": event.summary,
        "prev": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _key() -> bytes:
    return settings.AUDIT_KEY.encode()


def compute_hash(event: AuditEvent) -> str:
    return hmac.new(_key(), _canonical(event), hashlib.sha256).hexdigest()


def _jsonable(value):
    return json.loads(json.dumps(value, default=str))


def _now_millis() -> datetime.datetime:
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


# Scope: which unit an event belongs to ------------------------------------------------------------------


def _unit_of(obj, depth: int = 0) -> int | None:
    """The unit whose subtree `obj` belongs to: itself, its `unit`, or that of its person, round, council…"""
    if obj is None or depth > 3:
        return None
    if obj._meta.label_lower == "organization.unit":
        return obj.pk
    if getattr(obj, "unit_id", None):
        return obj.unit_id
    for name in ("person", "round", "initiative", "council", "meeting", "movement", "poll", "nomination", "record"):
        if getattr(obj, f"{name}_id", None):
            found = _unit_of(getattr(obj, name), depth + 1)
            if found:
                return found
    agency_id = getattr(obj, "agency_id", None) or (obj.pk if obj._meta.label_lower == "organization.agency" else None)
    if agency_id:
        unit_model = apps.get_model("organization", "Unit")
        return unit_model.objects.filter(agency_id=agency_id, parent__isnull=True).values_list("pk", flat=True).first()
    return None


# Writing ---------------------------------------------------------------------------------------------


def record(*, actor, action: str, obj=None, object_type: str = "", object_id="", summary=None,
           unit_id: int | None = None) -> AuditEvent:
    """Append one event in the caller's transaction (or a new one)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        unit_id = unit_id or _unit_of(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=_now_millis(),
            actor=user,
            actor_name=user.get_username() if user else (actor if isinstance(actor, str) else "system"),
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            unit_id=unit_id,
            summary=_jsonable(summary or {}),
            prev_hash=head.hash,
        )
        event.hash = compute_hash(event)
        event.save()
        AuditHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    _checkpoint_on_commit()
    return event


def _checkpoint_on_commit() -> None:
    """Write the checkpoint once the caller's transaction commits — once per transaction, however many events it
    records: a pending write registered at this level or above already covers this event (if the savepoint it was
    registered in rolls back, so does this event)."""
    conn = transaction.get_connection()
    current = set(conn.savepoint_ids)
    for sids, callback, _robust in conn.run_on_commit:
        if getattr(callback, "pending_audit_checkpoint", False) and sids <= current:
            return

    def callback():
        callback.pending_audit_checkpoint = False
        write_checkpoint()

    callback.pending_audit_checkpoint = True
    transaction.on_commit(callback, robust=True)


def record_security_event(*, actor, action: str, request=None, subject=None, **summary) -> AuditEvent:
    """The one entry point for security events: sign-in, failed sign-in, sign-out, password change, downloads and
    exports, role grants, and (from the accounts work) lockouts, two-factor, directory sign-in and API tokens.

    `actor` is the user (or a name when nobody is signed in); `subject` the user or object concerned when it is
    not the actor; `request` adds the client address. Never pass a password or a token in `summary`.
    """
    if request is not None:
        summary["ip"] = request.META.get("REMOTE_ADDR", "")
    target = subject if subject is not None else (actor if getattr(actor, "is_authenticated", False) else None)
    unit_id = None
    if target is not None and getattr(target, "person_id", None):
        unit_id = target.person.unit_id
    return record(actor=actor, action=action, obj=target, object_type="" if target is not None else "security",
                  summary=summary, unit_id=unit_id)


# Checkpoint ------------------------------------------------------------------------------------------


def checkpoint_path() -> Path:
    """One checkpoint per database, under the var directory unless THIDUA_AUDIT_CHECKPOINT names a file."""
    if settings.AUDIT_CHECKPOINT:
        return Path(settings.AUDIT_CHECKPOINT)
    db = settings.DATABASES["default"]
    identity = "|".join(str(db.get(k) or "") for k in ("ENGINE", "HOST", "PORT", "NAME"))
    return Path(settings.VAR_DIR) / f"audit-checkpoint-{hashlib.sha256(identity.encode()).hexdigest()[:12]}.json"


def _sign(data: dict) -> str:
    body = json.dumps({k: data[k] for k in ("seq", "hash", "written_at")}, sort_keys=True).encode()
    return hmac.new(_key(), b"checkpoint:" + body, hashlib.sha256).hexdigest()


class CheckpointError(Exception):
    pass


def read_checkpoint(path: Path | None = None) -> dict | None:
    """The checkpoint, or None when there is none; raises CheckpointError when its signature does not hold."""
    path = path or checkpoint_path()
    try:
        data = json.loads(path.read_text())
        valid = hmac.compare_digest(_sign(data), data["mac"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckpointError(f"{path} is not a checkpoint") from exc
    if not valid:
        raise CheckpointError(f"{path} is not signed with this installation's audit key")
    return data


CHECKPOINT_BYTES = 512


def _write(path: Path, seq: int, hash_: str) -> dict:
    """One write of one fixed-size block, in place (under the caller's lock): a rename per commit costs more than the
    commit itself, and a single 512-byte write is not torn."""
    data = {"seq": seq, "hash": hash_, "written_at": _utc_millis(timezone.now())}
    data["mac"] = _sign(data)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, json.dumps(data).encode().ljust(CHECKPOINT_BYTES), 0)
    finally:
        os.close(fd)
    return data


def write_checkpoint(*, force: bool = False, head_model=AuditHead) -> dict | None:
    """Record the committed head in the checkpoint file. Several workers may call this at once: a file lock
    serialises them and the file never moves backwards (an older head is a truncation, not news) unless `force`
    (restore, rechain)."""
    head = head_model._base_manager.filter(pk=1).first()
    if head is None or head.seq == 0:
        return None
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            current = read_checkpoint(path)
        except CheckpointError:
            current = None
        if current and not force:
            if current["seq"] >= head.seq:
                if current["seq"] > head.seq:
                    log.warning("audit checkpoint %s is ahead of the database (#%s > #%s): not overwritten",
                                path, current["seq"], head.seq)
                return current
        return _write(path, head.seq, head.hash)


# Verifying -------------------------------------------------------------------------------------------


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    event: AuditEvent | None = None
    checkpoint: dict | None = None
    checkpoint_file: str = ""
    after_checkpoint: int = 0
    notes: list = field(default_factory=list)


def describe(event: AuditEvent) -> str:
    """'#12, 23/11/2026 21:40:03, thidua, Submitted the dossier, nomination 7' — local time, readable words."""
    from .labels import action_label, object_label

    moment = timezone.localtime(event.created_at).strftime("%d/%m/%Y %H:%M:%S")
    return (f"#{event.seq}, {moment}, {event.actor_name or 'system'}, {action_label(event.action)} ({event.action}), "
            f"{object_label(event.object_type)} {event.object_id}".strip())


def verify_chain(*, anchored: bool = True) -> VerifyResult:
    """Check every event and the head; with `anchored` (the default) also the checkpoint file."""
    path = checkpoint_path()
    try:
        checkpoint = read_checkpoint(path) if anchored else None
    except CheckpointError as exc:
        return VerifyResult(False, 0, problem=f"the checkpoint was altered: {exc}", checkpoint_file=str(path))

    def fail(event, problem, checked, seq=None):
        return VerifyResult(False, checked, seq if seq is not None else (event.seq if event else None),
                            problem, event, checkpoint, str(path))

    expected_prev, expected_seq, checked, last = GENESIS, 1, 0, None
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return fail(event, f"event #{expected_seq} is missing or the events were renumbered; "
                               f"the next one present is {describe(event)}", checked, expected_seq)
        if event.prev_hash != expected_prev:
            return fail(event, f"{describe(event)} does not follow the previous event (deleted, inserted or reordered)",
                        checked)
        if not hmac.compare_digest(compute_hash(event), event.hash):
            return fail(event, f"{describe(event)} was altered (its MAC does not match)", checked)
        expected_prev, expected_seq, checked, last = event.hash, expected_seq + 1, checked + 1, event
    head = AuditHead.objects.filter(pk=1).first()
    if last is not None and (head is None or head.seq != last.seq or head.hash != last.hash):
        return fail(last, f"the chain's head record was removed or altered (the last event is {describe(last)})",
                    checked)
    if checkpoint is None:
        if last is not None and anchored:
            return fail(last, f"there is no checkpoint file {path}: removal of the newest events cannot be ruled out "
                              "(restore it from the backup, or run `thidua audit checkpoint` after checking)", checked)
        return VerifyResult(True, checked, checkpoint_file=str(path))
    when = timezone.localtime(datetime.datetime.fromisoformat(checkpoint["written_at"])).strftime("%d/%m/%Y %H:%M:%S")
    if last is None or last.seq < checkpoint["seq"]:
        where = f"the log ends at {describe(last)}" if last else "the log is empty"
        return fail(last, f"{where} but the checkpoint of {when} records event #{checkpoint['seq']}: "
                          "the newest events were removed", checked, (last.seq + 1) if last else 1)
    anchored = AuditEvent.objects.filter(seq=checkpoint["seq"]).first()
    if anchored is None or not hmac.compare_digest(anchored.hash, checkpoint["hash"]):
        return fail(anchored, f"event #{checkpoint['seq']} differs from the checkpoint of {when}", checked,
                    checkpoint["seq"])
    return VerifyResult(True, checked, checkpoint=checkpoint, checkpoint_file=str(path),
                        after_checkpoint=last.seq - checkpoint["seq"])


# Re-chaining events written before the keyed chain -------------------------------------------------------


def _legacy_hash(event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "time": event.created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id, "actor": event.actor_name, "action": event.action,
        "object_type": event.object_type, "object_id": event.object_id, "summary": event.summary,
        "prev": event.prev_hash,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def legacy_chain_intact(event_model=AuditEvent) -> bool:
    expected_prev, expected_seq = GENESIS, 1
    for event in event_model._base_manager.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq or event.prev_hash != expected_prev or _legacy_hash(event) != event.hash:
            return False
        expected_prev, expected_seq = event.hash, expected_seq + 1
    return True


def rechain(event_model=AuditEvent, head_model=AuditHead) -> int:
    """Re-seal every event under the keyed MAC (times to the millisecond) and write the checkpoint. Only for a log
    written before the keyed chain, and only after `legacy_chain_intact()` says it was not tampered with. The data
    migration passes its historical models."""
    prev, count = GENESIS, 0
    with transaction.atomic():
        head_model._base_manager.select_for_update().get_or_create(pk=1)
        for event in event_model._base_manager.order_by("seq").iterator(chunk_size=2000):
            event.created_at = event.created_at.replace(microsecond=event.created_at.microsecond // 1000 * 1000)
            event.prev_hash = prev
            event.hash = compute_hash(event)
            # The base manager bypasses the append-only guard on purpose: this is the one sanctioned rewrite.
            event_model._base_manager.filter(pk=event.pk).update(created_at=event.created_at, prev_hash=prev,
                                                                 hash=event.hash)
            prev, count = event.hash, count + 1
        head_model._base_manager.filter(pk=1).update(seq=count, hash=prev)
    write_checkpoint(force=True, head_model=head_model)
    return count
