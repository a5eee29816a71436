"""Reads for the rules app: the agency decisions in force, as the engine takes them."""

import datetime
from dataclasses import dataclass

from .models import AdoptedReform, AgencyRegulation
from .regulations import InForce
from .system import tax_benefit_system


def decisions_by_agency(agency_ids) -> dict[int, tuple[InForce, ...]]:
    out: dict[int, list] = {}
    for row in AgencyRegulation.objects.filter(agency_id__in=list(agency_ids)).order_by("key", "effective_from"):
        out.setdefault(row.agency_id, []).append(InForce(row.key, row.effective_from, row.value, row.citation,
                                                         row.effective_to))
    return {agency: tuple(rows) for agency, rows in out.items()}


@dataclass(frozen=True)
class Adoption:
    """A reform an agency adopted: its checked changes and the decision that adopted it (the reasons cite it)."""

    changes: tuple[dict, ...]
    citation: str

    @property
    def regulations(self) -> tuple[InForce, ...]:
        """The agency regulations it put into force, citing the adopting decision."""
        return tuple(InForce(c["regulation"], datetime.date.fromisoformat(c["from"]), c["value"], self.citation)
                     for c in self.changes if "regulation" in c)


def adoptions_by_agency(agency_ids) -> dict[int, tuple[Adoption, ...]]:
    """The reforms each agency adopted, in the order they came into force (absent: none)."""
    out: dict[int, list] = {}
    for row in AdoptedReform.objects.filter(agency_id__in=list(agency_ids)).order_by("effective_from", "pk") \
            .only("agency_id", "changes", "decision_number", "decision_date"):
        out.setdefault(row.agency_id, []).append(Adoption(tuple(row.changes), row.citation))
    return {agency: tuple(rows) for agency, rows in out.items()}


def adopted_by_agency(agency_ids) -> dict[int, tuple[dict, ...]]:
    """The changes of the reforms each agency adopted, in the order they came into force (empty: none)."""
    return {agency: tuple(c for a in adoptions for c in a.changes)
            for agency, adoptions in adoptions_by_agency(agency_ids).items()}


QUOTA_PARAMETERS = {"CSTD_CO_SO": "cstd_co_so_share_of_ldtt", "CO_THI_DUA_CP": "co_thi_dua_cp_share"}
QUOTA_REGULATIONS = {"CSTD_CO_SO": "cstd_co_so_quota"}


def quota_share(agency_id: int, code: str, day: datetime.date) -> tuple[float | None, str]:
    """The highest share of `code` in force on `day` for the agency, and what sets it; (None, "") when none.

    National quotas (Decree 91/2017) apply to cases considered before 2024; from 2024 there is none unless the
    agency's own regulation sets one."""
    if code not in QUOTA_PARAMETERS:
        return None, ""
    node = tax_benefit_system().parameters(day.isoformat()).quotas
    share, source = float(node[QUOTA_PARAMETERS[code]]), "Nghị định 91/2017/NĐ-CP"
    key = QUOTA_REGULATIONS.get(code)
    if key:
        for decision in decisions_by_agency([agency_id]).get(agency_id, ()):
            if decision.key == key and decision.start <= day and (decision.end is None or day <= decision.end) \
                    and decision.value / 100 < share:
                share, source = decision.value / 100, decision.citation
    return (share, source) if share < 1 else (None, "")
