from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.audit import services


class Command(BaseCommand):
    help = ("Audit log tools. `verify`: check every event's MAC, the chain and the signed checkpoint (non-zero exit "
            "and the first bad event on any edit, deletion, reordering, truncation or wipe). `digest`: print the "
            "chain's head for the paper file. `checkpoint`: write the checkpoint after a successful check. "
            "`rechain`: seal a log written before the keyed chain (refused if that log was tampered with).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "digest", "checkpoint", "rechain"])

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")()

    def _verify(self):
        result = services.verify_chain()
        if not result.ok:
            raise CommandError(f"audit chain broken: {result.problem} ({result.checked} events checked before it; "
                               f"checkpoint file {result.checkpoint_file})")
        if result.checkpoint is None:
            self.stdout.write(f"audit chain intact: 0 events, no checkpoint yet ({result.checkpoint_file})")
            return
        written = timezone.localtime(timezone.datetime.fromisoformat(result.checkpoint["written_at"]))
        self.stdout.write(
            f"audit chain intact: {result.checked} events verified against checkpoint #{result.checkpoint['seq']} "
            f"of {written:%d/%m/%Y %H:%M:%S} ({result.checkpoint_file}); "
            f"{result.after_checkpoint} events written after it")

    def _digest(self):
        head = services.AuditHead.objects.filter(pk=1).first()
        if head is None or head.seq == 0:
            raise CommandError("the audit log is empty")
        self.stdout.write(f"audit head #{head.seq} {head.hash} at {timezone.localtime():%d/%m/%Y %H:%M:%S}")

    def _checkpoint(self):
        result = services.verify_chain(anchored=False)
        if not result.ok:
            raise CommandError(f"not written: {result.problem}")
        data = services.write_checkpoint()
        if data and data["seq"] > result.checked:
            raise CommandError(f"not written: the checkpoint records event #{data['seq']} but the log ends at "
                               f"#{result.checked}; events were removed")
        self.stdout.write(f"checkpoint #{data['seq'] if data else 0} written to {services.checkpoint_path()}")

    def _rechain(self):
        if services.verify_chain().ok:
            self.stdout.write("the chain is already sealed under the key; nothing to do")
            return
        if not services.legacy_chain_intact():
            raise CommandError("the log is not an intact pre-key chain: refusing to re-seal it "
                               "(run `thidua audit verify` to see the first bad event)")
        self.stdout.write(f"{services.rechain()} events re-sealed; checkpoint {services.checkpoint_path()}")
