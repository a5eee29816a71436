"""The published, machine-readable law: every award with its conditions and articles, every parameter with
its dated values, and the version that answered.

The version is a hash of the parameters and the formulas' source: any change to either is a new version,
and every answer of the engine names the version it came from. No database here.
"""

import datetime
import hashlib
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
SOURCES = ("parameters/**/*.yaml", "variables/**/*.py", "regulations/**/*.py", "regulations/**/*.yaml",
           "inputs.py", "helpers.py", "entities.py", "system.py")
AWARD_SOURCES = ("catalogue.py", "codes.py")  # the award catalogue and codes, kept by the awards app
FORMAT = "thidua-rules/1"


def source_version(root: Path) -> str:
    """Hash of the parameters and formulas under `root` (file names and contents, in a stable order)."""
    digest = hashlib.sha256()
    files = sorted({path for pattern in SOURCES for path in root.glob(pattern) if path.is_file()})
    named = [(path.relative_to(root).as_posix(), path) for path in files]
    named += [(f"awards/{name}", root.parent / "awards" / name) for name in AWARD_SOURCES
              if (root.parent / "awards" / name).is_file()]
    for name, path in named:
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def law_version() -> str:
    """The version of the law in force in this installation (computed once per process)."""
    return source_version(HERE)


def _iso(instant) -> str:
    return str(instant)


def _parameters(node, prefix: str = "") -> list[dict]:
    from openfisca_core.parameters import Parameter

    out = []
    for name, child in node.children.items():
        path = f"{prefix}{name}"
        if isinstance(child, Parameter):
            reference = (child.metadata or {}).get("reference") or []
            out.append({
                "path": path, "description": child.description or "",
                "reference": [r.get("title", "") if isinstance(r, dict) else str(r) for r in reference],
                "values": [{"from": _iso(v.instant_str), "value": v.value}
                           for v in sorted(child.values_list, key=lambda v: v.instant_str)],
            })
        else:
            out.extend(_parameters(child, path + "."))
    return out


def parameters(system=None) -> list[dict]:
    from thidua.rules.system import tax_benefit_system

    return _parameters((system or tax_benefit_system()).parameters)


def describe(system=None, in_force: list[dict] | None = None) -> dict:
    """The whole published law (or a reformed system's) as one JSON-ready document; `in_force` lists the
    agencies' regulations in force (read from the database by the caller)."""
    from thidua.rules.engine import catalogue

    params = parameters(system)
    multiples = {p["path"].removeprefix("bonus.multiple."): p["values"] for p in params
                 if p["path"].startswith("bonus.multiple.")}
    awards = [award | {"bonus_multiple": multiples.get(award["code"], [])} for award in catalogue()]
    return {
        "format": FORMAT,
        "version": getattr(system, "version", None) or law_version(),
        "published_on": datetime.date.today().isoformat(),
        "instruments": ["Luật Thi đua, khen thưởng 06/2022/QH15", "Nghị định 98/2023/NĐ-CP",
                        "Nghị định 152/2025/NĐ-CP", "Thông tư 01/2024/TT-BNV", "Nghị quyết 44/2024/UBTVQH15",
                        "Nghị định 91/2017/NĐ-CP (trước 01/01/2024)"],
        "awards": awards,
        "parameters": params,
        "regulations": regulations(),
        "regulations_in_force": in_force or [],
    }


def describe_award(code: str) -> dict | None:
    document = describe()
    for award in document["awards"]:
        if award["code"] == code:
            return {"format": FORMAT, "version": document["version"], **award}
    return None


def regulations() -> list[dict]:
    """The kinds of agency regulation an agency may put into force over the national rules, with the national
    provision that allows each (thidua.rules.regulations)."""
    from thidua.rules.regulations import REGULATIONS, condition_of

    return [{"key": key, "title_vi": r.title_vi, "title_en": r.title_en, "awards": list(r.awards),
             "condition": condition_of(key), "text_vi": r.text_vi, "text_en": r.text_en, "default": r.default,
             "minimum": r.minimum, "maximum": r.maximum, "basis": r.basis} for key, r in REGULATIONS.items()]
