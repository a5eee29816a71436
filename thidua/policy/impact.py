"""What a draft would change: the law in force and the draft run side by side over the same population.

The population is read once from the database (the bridge) and simulated twice, under the baseline and
under the reformed system. The report is plain JSON: totals per award with the bonus money at the base
salary of the date, per unit, per category (gender, age band, position, staff category), fairness figures,
and the people whose answer changes with the conditions that moved.
"""

import datetime
import time
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from django.db import connections

from thidua.awards.catalogue import AWARDS, TEXTS
from thidua.awards.codes import PERSON_AWARDS, UNIT_AWARDS
from thidua.core.text import fold
from thidua.rules.bridge import load_people, load_units
from thidua.rules.engine import bonus_vnd, law_in_force, simulate
from thidua.rules.publication import law_version
from thidua.rules.reforms import ReformSpec, build
from thidua.rules.regulations import REGULATIONS, condition_of, extra_conditions, reformed_system
from thidua.rules.selectors import adopted_by_agency, decisions_by_agency

MAX_CHANGED_ROWS = 20_000
AGE_BANDS = [(0, 30, "under_30"), (30, 40, "30_39"), (40, 50, "40_49"), (50, 60, "50_59"), (60, 200, "60_plus")]
LEADER_WORDS = ("truong", "pho", "giam doc", "chu nhiem", "chu tich", "tong thu ky", "lanh dao")
QUOTA_AWARDS = {"CSTD_CO_SO": "c_holds_ldtt", "CSTD_CO_SO_QH": "c_holds_ldtt"}
DIMENSIONS = ("gender", "age_band", "position", "category")
REGULATION_TEXTS = {condition_of(key): (r.title_vi, r.title_en) for key, r in REGULATIONS.items() if condition_of(key)}


@lru_cache(maxsize=4096)
def is_leader(position: str) -> bool:
    words = f" {fold(position)} "
    return any(f" {w} " in words for w in LEADER_WORDS)


def condition_text(name: str) -> tuple[str, str]:
    """The condition's wording (Vietnamese, English) for a reason row."""
    return TEXTS.get(name) or REGULATION_TEXTS.get(name, (name, name))


def _age_bands(births: np.ndarray, day: datetime.date) -> np.ndarray:
    """Age bands on `day` from an array of datetime64[D] birth dates (NaT: not recorded)."""
    known = ~np.isnat(births)
    safe = np.where(known, births, np.datetime64(day, "D"))
    years = safe.astype("datetime64[Y]").astype(np.int64) + 1970
    months = safe.astype("datetime64[M]")
    month = months.astype(np.int64) % 12 + 1
    dom = (safe - months.astype("datetime64[D]")).astype(np.int64) + 1
    before = (month > day.month) | ((month == day.month) & (dom > day.day))
    age = day.year - years - before
    labels = np.array([label for _low, _high, label in AGE_BANDS] + ["unknown"], dtype=object)
    band = np.searchsorted(np.array([high for _low, high, _label in AGE_BANDS]), age, side="right")
    band = np.where(known & (age >= 0), np.minimum(band, len(AGE_BANDS)), len(AGE_BANDS))
    return labels[band]


def _attributes(people, ids: np.ndarray, as_of: datetime.date) -> dict:
    """Unit, gender, age band, position (leader or staff) and category per person, in the order of `ids`;
    one query read raw (no per-row conversion), the rest in numpy."""
    query = people.order_by("pk").values_list("pk", "unit_id", "gender", "date_of_birth", "position", "category")
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    assert len(rows) == len(ids)
    _pk, unit, gender, birth, position, category = zip(*rows, strict=True) if rows else ((),) * 6
    positions, inverse = np.unique(np.array(position, dtype=object).astype(str), return_inverse=True)
    leaders = np.array([is_leader(p) for p in positions.tolist()], dtype=bool)
    return {
        "unit": np.array(unit, dtype=np.int64),
        "gender": np.array(gender, dtype=object),
        "age_band": _age_bands(np.array([b or "NaT" for b in birth], dtype="datetime64[D]"), as_of),
        "position": np.where(leaders[inverse], "leader", "staff").astype(object) if len(rows)
        else np.zeros(0, object),
        "category": np.array(category, dtype=object),
    }


def _quota(system, decisions: tuple, day: datetime.date) -> float:
    """The highest share of CSTĐ cơ sở among LĐTT holders on `day`: the national one, or the agency's own
    (regulation `cstd_co_so_quota`, in percent) where it is lower."""
    share = float(system.parameters(day.isoformat()).quotas.cstd_co_so_share_of_ldtt)
    own = [d for d in decisions if d.key == "cstd_co_so_quota" and d.start <= day and (d.end is None or day <= d.end)]
    if own:
        share = min(share, max(own, key=lambda d: d.start).value / 100)
    return share


def _money(code: str, law: dict) -> int:
    return bonus_vnd(code, law) if code in law["multiples"]._children else 0


def _places(eligible: np.ndarray, holders: np.ndarray, units: np.ndarray, share: float) -> tuple[int, dict]:
    """Who may be proposed under a quota: per unit at most floor(share × LĐTT holders) of those eligible."""
    unit_ids, inverse = np.unique(units, return_inverse=True)
    eligible_per_unit = np.bincount(inverse, weights=eligible, minlength=len(unit_ids)).astype(int)
    if share >= 1:
        return int(eligible.sum()), {}
    holders_per_unit = np.bincount(inverse, weights=holders, minlength=len(unit_ids))
    limits = np.floor(holders_per_unit * share + 1e-9).astype(int)
    proposable = np.minimum(eligible_per_unit, limits)
    return int(proposable.sum()), {int(u): int(p) for u, p in zip(unit_ids, proposable, strict=True)}


def _met(values: np.ndarray) -> np.ndarray:
    return values if values.dtype == bool else values > 0


def _reasons(code: str, law: dict, draft: dict, extra: list[str], rows: np.ndarray) -> list[list[dict]]:
    """Per changed row: the conditions whose answer differs between the law and the draft."""
    names = [s.variable for s in AWARDS[code].conditions] + extra
    out: list[list[dict]] = [[] for _ in rows]
    for name in names:
        if name not in draft:
            continue
        before = _met(law[name][rows]) if name in law else np.ones(len(rows), bool)
        after = _met(draft[name][rows])
        for k in np.nonzero(before != after)[0].tolist():
            out[k].append({"condition": name, "law": bool(before[k]), "draft": bool(after[k])})
    return out


def _compare_units(units, year: int, awards: list[str], spec: ReformSpec, systems: tuple, money: tuple,
                   as_of: datetime.date) -> tuple[list[dict], list[dict]]:
    """Collective awards: the law and the draft over `units` (their own ratings and awards, their members'
    facts); summary rows and the units whose answer changes, with the reason."""
    ids, population = load_units(units, year, as_of)
    extra = {code: spec.extra_conditions.get(code, []) for code in awards}
    law = simulate(population, awards, system=systems[0])
    draft = simulate(population, awards, system=systems[1], extra=tuple({n for v in extra.values() for n in v}))
    names = dict(units.model.objects.filter(pk__in=ids.tolist()).values_list("pk", "name"))
    summary, changed = [], []
    for code in awards:
        before, after = law[f"eligible_{code}"].astype(bool), draft[f"eligible_{code}"].astype(bool)
        row = {"award": code, "subject": "unit", "people": len(ids), "law": int(before.sum()),
               "draft": int(after.sum()), "gained": int((after & ~before).sum()), "lost": int((before & ~after).sum()),
               "bonus_law": _money(code, money[0]), "bonus_draft": _money(code, money[1])}
        row["proposable_law"], row["proposable_draft"] = row["law"], row["draft"]
        row["money_law"], row["money_draft"] = row["law"] * row["bonus_law"], row["draft"] * row["bonus_draft"]
        summary.append(row)
        rows = np.nonzero(before != after)[0]
        for index, reasons in zip(rows.tolist(), _reasons(code, law, draft, extra[code], rows), strict=True):
            changed.append({"unit": int(ids[index]), "name": names.get(int(ids[index]), ""), "award": code,
                            "law": bool(before[index]), "draft": bool(after[index]), "reasons": reasons})
    order = {code: i for i, code in enumerate(awards)}
    changed.sort(key=lambda row: (order[row["award"]], row["name"]))
    return summary, changed


def compare(*, people, year: int, awards: list[str], spec: ReformSpec, as_of: datetime.date | None = None,
            units=None, progress: Callable[[int], None] = lambda percent: None, timings: dict | None = None) -> dict:
    """Run the law in force and the draft over `people` (and, for collective awards, over `units`) for `year`;
    the report as JSON-ready data.

    `progress` hears the percentage done; `timings`, when given, receives the seconds each phase took."""
    collectives = units
    unit_awards = [c for c in awards if c in UNIT_AWARDS] if collectives is not None else []
    clock = [time.perf_counter()]

    def step(phase: str, percent: int) -> None:
        now = time.perf_counter()
        if timings is not None:
            timings[phase] = now - clock[0]
        clock[0] = now
        progress(percent)

    awards = [c for c in awards if c in PERSON_AWARDS]
    as_of = as_of or datetime.date(year, 12, 31)
    ids, population = load_people(people, year, as_of)
    step("load", 20)
    agencies = list(people.order_by().values_list("agency_id", flat=True).distinct()[:2])
    if len(agencies) > 1:
        raise ValueError("a simulation covers the people of one agency")
    own = decisions = decisions_by_agency(agencies).get(agencies[0], ()) if agencies else ()
    # the law in force for the agency: its regulations and the reforms it adopted (a version of its own); the
    # draft is read on top of it
    adopted = adopted_by_agency(agencies).get(agencies[0], ()) if agencies else ()
    law_spec = ReformSpec(changes=tuple(adopted)) if adopted else None
    decisions = decisions + (law_spec.regulations if law_spec else ())
    draft_decisions = decisions + spec.regulations
    if law_spec is not None:
        law_system, law_version_ = build(law_spec, own), law_spec.version
        system = build(ReformSpec(changes=law_spec.changes + spec.changes), own)
    else:
        law_system, law_version_, system = reformed_system(decisions), law_version(), build(spec, decisions)
    extra = {code: [c for c, _d in extra_conditions(decisions, code, as_of)]
             + (law_spec.extra_conditions.get(code, []) if law_spec else []) for code in awards}
    draft_extra = {code: spec.extra_conditions.get(code, []) + extra[code]
                   + [c for c, _d in extra_conditions(draft_decisions, code, as_of)] for code in awards}
    law = simulate(population, awards, system=law_system, extra=tuple({n for v in extra.values() for n in v}))
    step("law", 45)
    draft = simulate(population, awards, system=system, extra=tuple({n for v in draft_extra.values() for n in v}))
    step("draft", 70)
    attributes = _attributes(people, ids, as_of)
    step("attributes", 75)
    law_money, draft_money = law_in_force(as_of, law_system), law_in_force(as_of, system)
    law_share = _quota(law_system, decisions, as_of)
    draft_share = _quota(system, draft_decisions, as_of)
    unit_ids, unit_index = np.unique(attributes["unit"], return_inverse=True)
    units = dict(people.model._meta.get_field("unit").related_model.objects
                 .filter(pk__in=unit_ids.tolist()).values_list("pk", "name"))
    groups = {d: np.unique(attributes[d].astype(str), return_inverse=True) for d in DIMENSIONS}
    summary, by_unit, by_group, changed = [], {}, {d: {} for d in DIMENSIONS}, []
    changed_total = 0
    for code in awards:
        before, after = law[f"eligible_{code}"].astype(bool), draft[f"eligible_{code}"].astype(bool)
        row = {"award": code, "people": len(ids), "law": int(before.sum()), "draft": int(after.sum()),
               "gained": int((after & ~before).sum()), "lost": int((before & ~after).sum()),
               "bonus_law": _money(code, law_money), "bonus_draft": _money(code, draft_money)}
        row["proposable_law"], row["proposable_draft"] = row["law"], row["draft"]
        law_places, draft_places = {}, {}
        if code in QUOTA_AWARDS:
            holders_name = QUOTA_AWARDS[code]
            row["quota_law"], row["quota_draft"] = law_share, draft_share
            row["proposable_law"], law_places = _places(before, law[holders_name].astype(bool),
                                                        attributes["unit"], law_share)
            row["proposable_draft"], draft_places = _places(after, draft[holders_name].astype(bool),
                                                            attributes["unit"], draft_share)
        row["money_law"] = row["proposable_law"] * row["bonus_law"]
        row["money_draft"] = row["proposable_draft"] * row["bonus_draft"]
        summary.append(row)
        law_counts = np.bincount(unit_index, weights=before, minlength=len(unit_ids)).astype(int)
        draft_counts = np.bincount(unit_index, weights=after, minlength=len(unit_ids)).astype(int)
        people_counts = np.bincount(unit_index, minlength=len(unit_ids))
        for k, uid in enumerate(unit_ids.tolist()):
            entry = by_unit.setdefault(uid, {"unit": uid, "name": units.get(uid, ""), "people": int(people_counts[k]),
                                             "awards": {}})
            entry["awards"][code] = [int(law_counts[k]), int(draft_counts[k])]
            if law_places or draft_places:
                entry["awards"][code] += [law_places.get(uid, int(law_counts[k])),
                                          draft_places.get(uid, int(draft_counts[k]))]
        for dimension in DIMENSIONS:
            labels, inverse = groups[dimension]
            counts = np.bincount(inverse, minlength=len(labels))
            law_counts = np.bincount(inverse, weights=before, minlength=len(labels)).astype(int)
            draft_counts = np.bincount(inverse, weights=after, minlength=len(labels)).astype(int)
            for k, group in enumerate(labels.tolist()):
                entry = by_group[dimension].setdefault(group, {"people": int(counts[k]), "awards": {}})
                entry["awards"][code] = [int(law_counts[k]), int(draft_counts[k])]
        rows = np.nonzero(before != after)[0]
        changed_total += len(rows)
        rows = rows[:max(MAX_CHANGED_ROWS - len(changed), 0)]
        for index, reasons in zip(rows.tolist(), _reasons(code, law, draft, draft_extra[code], rows), strict=True):
            pid = int(ids[index])
            changed.append({"person": pid, "unit": units.get(int(attributes["unit"][index]), ""),
                            "award": code, "law": bool(before[index]), "draft": bool(after[index]),
                            "reasons": reasons})
    step("aggregation", 85)
    names = {}
    for start in range(0, len(changed), 5000):  # bounded IN lists
        chunk = {row["person"] for row in changed[start:start + 5000]}
        names.update((pk, (name, key)) for pk, name, key in people.model.objects.filter(pk__in=chunk)
                     .values_list("pk", "full_name", "sort_name"))
    for row in changed:
        row["name"] = names.get(row["person"], ("", ""))[0]
    order = {code: i for i, code in enumerate(awards)}  # by award, then the Vietnamese way (given name first)
    changed.sort(key=lambda row: (order[row["award"]], names.get(row["person"], ("", ""))[1]))
    step("changed", 90)
    unit_summary, changed_units = _compare_units(collectives, year, unit_awards, spec, (law_system, system),
                                                 (law_money, draft_money), as_of) if unit_awards else ([], [])
    step("units", 92)
    return {
        "year": year, "as_of": as_of.isoformat(), "awards": awards, "unit_awards": unit_awards,
        "units": collectives.count() if unit_awards else 0, "people": len(ids),
        "law_version": law_version_, "draft_version": spec.version,
        "base_salary_law": law_money["base_salary"], "base_salary_draft": draft_money["base_salary"],
        "summary": summary + unit_summary, "changed_units": changed_units,
        "by_unit": sorted(by_unit.values(), key=lambda u: u["name"]),
        "by_group": by_group,
        "fairness": fairness(by_group, awards),
        "changed": changed, "changed_total": changed_total,
    }


def fairness(by_group: dict, awards: list[str]) -> list[dict]:
    """Share of all eligible answers going to each group (women/men, leaders/staff) and each group's rate."""
    out = []
    for dimension, groups in (("gender", ("female", "male")), ("position", ("leader", "staff"))):
        table = by_group.get(dimension, {})
        totals = [sum(e["awards"][c][i] for e in table.values() for c in awards) for i in (0, 1)]
        for group in groups:
            entry = table.get(group)
            if entry is None:
                continue
            answers = entry["people"] * max(len(awards), 1)
            counts = [sum(entry["awards"][c][i] for c in awards) for i in (0, 1)]
            out.append({"dimension": dimension, "group": group, "people": entry["people"],
                        "share_law": _ratio(counts[0], totals[0]), "share_draft": _ratio(counts[1], totals[1]),
                        "rate_law": _ratio(counts[0], answers), "rate_draft": _ratio(counts[1], answers)})
    return out


def _ratio(part: int, whole: int) -> float | None:
    return None if not whole else round(part / whole, 4)


def reproduce(round_, as_of: datetime.date) -> dict:
    """For a backtest: does the law of the round's date reproduce the engine answers stored on the round's
    nominations (people and collectives) when they were made? Lists every nomination whose stored answer
    differs."""
    from thidua.organization.models import Person, Unit
    from thidua.rules.bridge import evaluate_people, evaluate_units

    groups: dict[tuple, list] = {}
    for n in round_.nominations.select_related("person", "collective"):
        if n.person_id and n.award_code in PERSON_AWARDS:
            groups.setdefault(("person", n.award_code), []).append(n)
        elif n.collective_id and n.award_code in UNIT_AWARDS:
            groups.setdefault(("unit", n.award_code), []).append(n)
    mismatches, checked = [], 0
    for (subject, code), items in groups.items():
        if subject == "person":
            subjects = [n.person_id for n in items]
            result = evaluate_people(Person.objects.filter(pk__in=subjects), round_.year, [code], as_of=as_of)[code]
        else:
            subjects = [n.collective_id for n in items]
            result = evaluate_units(Unit.objects.filter(pk__in=subjects), round_.year, [code], as_of=as_of)[code]
        answer = {int(i): bool(e) for i, e in zip(result["ids"], result["eligible"], strict=True)}
        for n, pk in zip(items, subjects, strict=True):
            checked += 1
            if n.engine_eligible is not None and answer.get(pk) != n.engine_eligible:
                mismatches.append({"nomination": n.pk, "name": n.subject_name, "award": code,
                                   "stored": n.engine_eligible, "now": answer.get(pk)})
    return {"checked": checked, "reproduced": checked - len(mismatches), "mismatches": mismatches[:1000]}
