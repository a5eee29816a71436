import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.councils import ballot


class Command(BaseCommand):
    help = ("Secret-poll bulletin boards. `export-boards DIR`: write DIR/<poll-id>.json for every counted secret "
            "poll. `verify FILE`: recompute everything from the board alone (trustees' keys, every ballot's proofs, "
            "the encrypted tally, the trustees' decryptions, the result); exit 0 printing the tally, or 1 naming the "
            "first item that fails. `audit FILE`: check a ballot a voter audited instead of casting (its randomness "
            "revealed) and print the choices it encrypts. Format: docs/ballot-board.md.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export-boards", "verify", "audit"])
        parser.add_argument("path")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                            help="processes checking ballot proofs (verify)")

    def handle(self, *args, action, path, workers, **options):
        if action == "export-boards":
            self._export(Path(path))
        elif action == "audit":
            self._audit(Path(path))
        else:
            self._verify(Path(path), workers)

    def _export(self, directory: Path):
        from thidua.councils.models import Poll, PollStatus
        from thidua.councils.services import board

        directory.mkdir(parents=True, exist_ok=True)
        count = 0
        for poll in Poll.objects.filter(secret=True, status=PollStatus.CLOSED).select_related("meeting__council"):
            (directory / f"{poll.pk}.json").write_text(json.dumps(board(poll), ensure_ascii=False), encoding="utf-8")
            count += 1
        self.stdout.write(f"{count} bulletin board(s) written to {directory}")

    @staticmethod
    def _read(file: Path, what: str):
        try:
            return json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"FAIL {what}: cannot read {file}: {exc}") from exc

    def _audit(self, file: Path):
        record = self._read(file, "audit")
        try:
            choices = ballot.audit_ballot(record)
        except ballot.BallotError as exc:
            raise CommandError(f"FAIL {exc.item}: {exc.reason}") from exc
        self.stdout.write(f"OK audited ballot {record['tracker']} (never cast) encrypts, nominee by nominee: "
                          f"{', '.join(choices)}")

    def _verify(self, file: Path, workers: int):
        data = self._read(file, "board")
        try:
            rows = ballot.verify_board(data, workers=max(1, workers))
        except ballot.BallotError as exc:
            raise CommandError(f"FAIL {exc.item}: {exc.reason}") from exc
        poll = data["poll"]
        self.stdout.write(f"OK poll {poll['id']} “{poll['title']}”: {len(data['ballots'])} ballots, "
                          f"{len(data['partial_decryptions'])} of {len(data['trustees'])} trustees decrypted "
                          f"({data['trustees_needed']} needed); every proof, the tally and the result agree.")
        for row in rows:
            self.stdout.write(f"  {row['nominee']}: approve {row['approve']}, disapprove {row['disapprove']}, "
                              f"abstain {row['abstain']} — needed {row['needed']}, "
                              f"{'passed' if row['passed'] else 'not passed'}")
