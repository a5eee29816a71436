"""`thidua rules simulate --reform FILE --agency CODE --year YYYY [--awards …] [--json]`."""

import json

from django.core.management.base import CommandError

from thidua.awards.codes import AWARDS
from thidua.organization.models import Agency, Unit
from thidua.rules.reforms import ReformError, parse

from .impact import compare
from .services import people_of, units_of


def simulate(out, *, reform: str, agency: str, year: int, awards: list[str] | None, as_json: bool) -> None:
    try:
        with open(reform, encoding="utf-8") as handle:
            text = handle.read(200_001)
    except OSError as exc:
        raise CommandError(f"cannot read {reform}: {exc.strerror}", returncode=2) from exc
    try:
        spec = parse(text)
    except ReformError as exc:
        raise CommandError(f"{reform}: " + "; ".join(exc.messages), returncode=2) from exc
    found = Agency.objects.filter(code=agency).first()
    if found is None:
        raise CommandError(f"no agency with code {agency!r}", returncode=2)
    if not 2000 <= year <= 2200:
        raise CommandError(f"--year must be between 2000 and 2200, got {year}", returncode=2)
    unknown = [c for c in awards or () if c not in AWARDS]
    if unknown:
        raise CommandError(f"unknown award code(s) {unknown}; use {', '.join(AWARDS)}", returncode=2)
    root = Unit.objects.filter(agency=found, parent__isnull=True).first()
    if root is None:
        raise CommandError(f"agency {agency!r} has no units", returncode=2)
    report = compare(people=people_of(root), year=year, awards=list(awards or AWARDS), spec=spec, units=units_of(root))
    if as_json:
        out.write(json.dumps(report, ensure_ascii=False))
        return
    out.write(f"{found.name} · {year} · {report['people']} people · law {report['law_version']} · "
              f"draft {report['draft_version']}")
    out.write(f"{'award':<18}{'law':>8}{'draft':>8}{'gained':>8}{'lost':>8}{'bonus law (VND)':>18}"
              f"{'bonus draft (VND)':>19}")
    for row in report["summary"]:
        out.write(f"{row['award']:<18}{row['law']:>8}{row['draft']:>8}{row['gained']:>8}"
                  f"{row['lost']:>8}{row['money_law']:>18,}{row['money_draft']:>19,}")
    out.write(f"{report['changed_total']} answers change.")
