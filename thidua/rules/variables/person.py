"""Individual titles and forms: one variable per legal condition, one per award code."""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thidua.rules.codes import BO, CO_SO, HTTNV, HTXSNV, TOAN_QUOC, YES
from thidua.rules.entities import Person
from thidua.rules.helpers import all_years, awarded_before_run, count_in_run, law, years_back

LAW = "Luật Thi đua, khen thưởng 06/2022/QH15"
D91 = "Nghị định 91/2017/NĐ-CP"
R44 = "Nghị quyết 44/2024/UBTVQH15"



class regime(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Legal regime in force on the date of consideration (2017, 2024, 2025)"
    reference = [LAW, D91, "Nghị định 98/2023/NĐ-CP", "Nghị định 152/2025/NĐ-CP"]

    def formula(person, period, parameters):
        return law(person, period, parameters, "regime").astype(int)


# Lao động tiên tiến -------------------------------------------------------------------------------


class c_rating_good(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Rated HTTNV or better in the year"
    reference = f"{LAW}, Điều 24"

    def formula(person, period):
        return person("rating", period) >= HTTNV


class c_not_disciplined(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Not disciplined in the year"
    reference = f"{LAW}, Điều 24; Thông tư 01/2024/TT-BNV"

    def formula(person, period):
        return person("has_data", period) & ~person("disciplined", period)


class effective_months(Variable):
    value_type = float
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Months that count as work: actual work, maternity leave, treatment after injury on duty, training"
    reference = f"{LAW}, Điều 24(2); Thông tư 01/2024/TT-BNV"

    def formula(person, period):
        injury = np.where(person("injured_on_duty", period), person("injury_treatment_months", period), 0)
        total = (person("months_worked", period) + person("maternity_leave_months", period) + injury
                 + person("training_months", period))
        return np.minimum(total, 12)


class c_months_worked(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "At least the minimum months of work in the year (leave and training that count included)"
    reference = f"{LAW}, Điều 24(2); Thông tư 01/2024/TT-BNV"

    def formula(person, period, parameters):
        return person("effective_months", period) >= law(person, period, parameters, "conditions.ldtt_min_months")


class eligible_LDTT(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Lao động tiên tiến"
    reference = f"{LAW}, Điều 24"

    def formula(person, period):
        return person("c_rating_good", period) & person("c_not_disciplined", period) & person(
            "c_months_worked", period)


class holds_LDTT(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Holds LĐTT for the year (awarded, or meets it this year)"

    def formula(person, period):
        return person("awarded_LDTT", period) | person("eligible_LDTT", period)


# Chiến sĩ thi đua ---------------------------------------------------------------------------------


class c_holds_ldtt(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Holds Lao động tiên tiến in the year"
    reference = f"{LAW}, Điều 23"

    def formula(person, period):
        return person("holds_LDTT", period)


class c_cstd_achievement(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Rated HTXSNV or an initiative/research project recognised at co_so scope or wider (2017: initiative required)"
    reference = [f"{LAW}, Điều 23", f"{D91}, Điều 9"]

    def formula(person, period, parameters):
        initiative = person("initiative_scope", period) >= CO_SO
        needs_initiative = law(person, period, parameters, "conditions.cstd_co_so_requires_initiative") > 0
        return initiative | (~needs_initiative & (person("rating", period) == HTXSNV))


class eligible_CSTD_CO_SO(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Chiến sĩ thi đua cơ sở"
    reference = f"{LAW}, Điều 23"

    def formula(person, period):
        return person("c_holds_ldtt", period) & person("c_cstd_achievement", period)


class holds_CSTD_CO_SO(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    def formula(person, period):
        return person("awarded_CSTD_CO_SO", period) | person("eligible_CSTD_CO_SO", period)


class c_cstd_co_so_3_years(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Chiến sĩ thi đua cơ sở in 3 consecutive years ending in the year"
    reference = f"{LAW}, Điều 22"

    def formula(person, period):
        earlier = years_back(person, period, "awarded_CSTD_CO_SO", 1, 2).all(axis=0)
        return person("holds_CSTD_CO_SO", period) & earlier


class c_initiative_bo_3_years(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "An initiative or research project recognised at bo scope or wider in those 3 years"
    reference = f"{LAW}, Điều 22"

    def formula(person, period):
        return years_back(person, period, "initiative_scope", 0, 2).max(axis=0) >= BO


class eligible_CSTD_BO(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Chiến sĩ thi đua cấp bộ, ngành, tỉnh"
    reference = f"{LAW}, Điều 22"

    def formula(person, period):
        return person("c_cstd_co_so_3_years", period) & person("c_initiative_bo_3_years", period)


class holds_CSTD_BO(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    def formula(person, period):
        return person("awarded_CSTD_BO", period) | person("eligible_CSTD_BO", period)


class c_cstd_bo_two_cycles(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Two consecutive cycles of Chiến sĩ thi đua cấp bộ (in the year and three years earlier)"
    reference = f"{LAW}, Điều 21"

    def formula(person, period):
        return person("holds_CSTD_BO", period) & person("awarded_CSTD_BO", period.offset(-3))


class c_initiative_national(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "An initiative or research project recognised at national scope during the two cycles"
    reference = f"{LAW}, Điều 21"

    def formula(person, period):
        return years_back(person, period, "initiative_scope", 0, 5).max(axis=0) >= TOAN_QUOC


class eligible_CSTD_TOAN_QUOC(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Chiến sĩ thi đua toàn quốc"
    reference = f"{LAW}, Điều 21"

    def formula(person, period):
        return person("c_cstd_bo_two_cycles", period) & person("c_initiative_national", period)


# Bằng khen cấp bộ ----------------------------------------------------------------------------------


class c_bang_khen_bo_record(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "CSTĐCS in 2 consecutive years, or HTXSNV in 2 consecutive years with 2 initiatives at co_so scope"
    reference = f"{LAW}, Điều 74(1)(d)"

    def formula(person, period, parameters):
        years = law(person, period, parameters, "conditions.bang_khen_bo_years").astype(int)
        n = int(years.max()) if len(years) else 2
        cstd = count_in_run(person, period, "holds_CSTD_CO_SO", "awarded_CSTD_CO_SO", n) >= years
        excellent = all_years(person, period, "rating", n, lambda r: r == HTXSNV)
        initiatives = years_back(person, period, "initiative_count", 0, n - 1).sum(axis=0)
        needed = law(person, period, parameters, "conditions.bang_khen_bo_initiatives")
        return cstd | (excellent & (initiatives >= needed))


class eligible_BANG_KHEN_BO(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Bằng khen cấp bộ, ngành, tỉnh"
    reference = f"{LAW}, Điều 74"

    def formula(person, period):
        route = person("judgement_outstanding", period) == YES
        return person("c_not_disciplined", period) & (person("c_bang_khen_bo_record", period) | route)


# Long runs: Bằng khen TTCP, Labour Orders ---------------------------------------------------------


def _run_years(person, period, parameters) -> int:
    values = law(person, period, parameters, "conditions.long_run_years")
    return int(values.max()) if len(values) else 5


class c_prior_bang_khen_bo(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Holds Bằng khen cấp bộ awarded before the run of years"
    reference = f"{LAW}, Điều 73(1)(b)"

    def formula(person, period, parameters):
        return awarded_before_run(person, period, "awarded_BANG_KHEN_BO", _run_years(person, period, parameters))


class c_run_rated(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Five consecutive years rated HTTNV or better up to the year (2017: HTXSNV every year)"
    reference = [f"{LAW}, Điều 73(1)(b)", D91]

    def formula(person, period, parameters):
        n = _run_years(person, period, parameters)
        good = all_years(person, period, "rating", n, lambda r: r >= HTTNV)
        excellent = all_years(person, period, "rating", n, lambda r: r == HTXSNV)
        return np.where(person("regime", period) == 2017, excellent, good)


class c_run_rated_good(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Five consecutive years rated HTTNV or better up to the year"
    reference = f"{LAW}, Điều 44(1)(e)"

    def formula(person, period, parameters):
        return all_years(person, period, "rating", _run_years(person, period, parameters), lambda r: r >= HTTNV)


class c_run_achievements(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Chiến sĩ thi đua cơ sở 3 times in the run (2017: 5 initiatives at co_so scope)"
    reference = [f"{LAW}, Điều 73(1)(b)", D91]

    def formula(person, period, parameters):
        n = _run_years(person, period, parameters)
        cstd = count_in_run(person, period, "holds_CSTD_CO_SO", "awarded_CSTD_CO_SO", n)
        initiatives = years_back(person, period, "initiative_count", 0, n - 1).sum(axis=0)
        times = law(person, period, parameters, "conditions.long_run_cstd_co_so_times")
        needed_2017 = law(person, period, parameters, "conditions.bang_khen_ttcp_initiatives_2017")
        return np.where(person("regime", period) == 2017, initiatives >= needed_2017, cstd >= times)


class eligible_BANG_KHEN_TTCP(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Bằng khen của Thủ tướng Chính phủ"
    reference = f"{LAW}, Điều 73"

    def formula(person, period):
        return (person("c_prior_bang_khen_bo", period) & person("c_run_rated", period)
                & person("c_run_achievements", period))


class c_prior_bang_khen_ttcp(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Holds Bằng khen of the Prime Minister awarded before the run of years"
    reference = f"{LAW}, Điều 44(1)(e)"

    def formula(person, period, parameters):
        return awarded_before_run(person, period, "awarded_BANG_KHEN_TTCP", _run_years(person, period, parameters))


class c_run_has_htxsnv(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "At least one year rated HTXSNV in the run"
    reference = f"{LAW}, Điều 44(1)(e)"

    def formula(person, period, parameters):
        n = _run_years(person, period, parameters)
        has = np.any(years_back(person, period, "rating", 0, n - 1) == HTXSNV, axis=0)
        required = law(person, period, parameters, "conditions.hcld_3_needs_htxsnv_year") > 0
        return has | ~required


class c_run_cstd_co_so_3(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Chiến sĩ thi đua cơ sở 3 times in the run"
    reference = f"{LAW}, Điều 44(1)(e)"

    def formula(person, period, parameters):
        n = _run_years(person, period, parameters)
        times = law(person, period, parameters, "conditions.long_run_cstd_co_so_times")
        return count_in_run(person, period, "holds_CSTD_CO_SO", "awarded_CSTD_CO_SO", n) >= times


class eligible_HCLD_3(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Huân chương Lao động hạng Ba"
    reference = f"{LAW}, Điều 44"

    def formula(person, period):
        return (person("c_prior_bang_khen_ttcp", period) & person("c_run_rated_good", period)
                & person("c_run_has_htxsnv", period) & person("c_run_cstd_co_so_3", period))


class c_prior_hcld_3(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Holds the Labour Order 3rd class awarded before the run of years"
    reference = f"{LAW}, Điều 43"

    def formula(person, period, parameters):
        return awarded_before_run(person, period, "awarded_HCLD_3", _run_years(person, period, parameters))


class c_run_hcld_2_titles(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "In the run: Chiến sĩ thi đua cấp bộ once, or Chiến sĩ thi đua cơ sở several times"
    reference = f"{LAW}, Điều 43"

    def formula(person, period, parameters):
        n = _run_years(person, period, parameters)
        bo = count_in_run(person, period, "holds_CSTD_BO", "awarded_CSTD_BO", n)
        cs = count_in_run(person, period, "holds_CSTD_CO_SO", "awarded_CSTD_CO_SO", n)
        return (bo >= 1) | (cs >= law(person, period, parameters, "conditions.hcld_2_cstd_co_so_times"))


class eligible_HCLD_2(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Huân chương Lao động hạng Nhì"
    reference = f"{LAW}, Điều 43"

    def formula(person, period):
        return (person("c_prior_hcld_3", period) & person("c_run_rated_good", period)
                & person("c_run_hcld_2_titles", period))


class c_prior_hcld_2(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Holds the Labour Order 2nd class awarded before the run of years"
    reference = f"{LAW}, Điều 42"

    def formula(person, period, parameters):
        return awarded_before_run(person, period, "awarded_HCLD_2", _run_years(person, period, parameters))


class c_run_hcld_1_titles(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "In the run: Chiến sĩ thi đua cấp bộ twice, or Chiến sĩ thi đua toàn quốc"
    reference = f"{LAW}, Điều 42"

    def formula(person, period, parameters):
        n = _run_years(person, period, parameters)
        bo = count_in_run(person, period, "holds_CSTD_BO", "awarded_CSTD_BO", n)
        national = count_in_run(person, period, "eligible_CSTD_TOAN_QUOC", "awarded_CSTD_TOAN_QUOC", n)
        return (bo >= 2) | (national >= 1)


class eligible_HCLD_1(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Huân chương Lao động hạng Nhất"
    reference = f"{LAW}, Điều 42"

    def formula(person, period):
        return (person("c_prior_hcld_2", period) & person("c_run_rated_good", period)
                & person("c_run_hcld_1_titles", period))


# Giấy khen ----------------------------------------------------------------------------------------


class eligible_GIAY_KHEN(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Giấy khen"
    reference = f"{LAW}, Điều 75"

    def formula(person, period):
        notable = person("judgement_notable_achievement", period) != 0
        return person("c_rating_good", period) & person("c_not_disciplined", period) & notable


# National Assembly bodies (Resolution 44/2024/UBTVQH15) -------------------------------------------


class c_cstd_achievement_qh(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Rated HTXSNV or an initiative recognised by the NA body at co_so scope or wider"
    reference = R44

    def formula(person, period):
        return person("c_cstd_achievement", period)


class eligible_CSTD_CO_SO_QH(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Chiến sĩ thi đua cơ sở (cơ quan của Quốc hội)"
    reference = R44

    def formula(person, period):
        return person("c_holds_ldtt", period) & person("c_cstd_achievement_qh", period)


class c_cstd_co_so_qh_3_years(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Chiến sĩ thi đua cơ sở in 3 consecutive years ending in the year"
    reference = R44

    def formula(person, period):
        held = person("holds_CSTD_CO_SO", period) | person("eligible_CSTD_CO_SO_QH", period) | person(
            "awarded_CSTD_CO_SO_QH", period)
        earlier = (years_back(person, period, "awarded_CSTD_CO_SO", 1, 2)
                   | years_back(person, period, "awarded_CSTD_CO_SO_QH", 1, 2)).all(axis=0)
        return held & earlier


class c_initiative_na_bodies(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "An initiative applied across NA bodies (bo scope or wider) in those 3 years"
    reference = R44

    def formula(person, period):
        return person("c_initiative_bo_3_years", period)


class eligible_CSTD_CQ_QUOC_HOI(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Chiến sĩ thi đua cơ quan của Quốc hội"
    reference = R44

    def formula(person, period):
        return person("c_cstd_co_so_qh_3_years", period) & person("c_initiative_na_bodies", period)


class eligible_BANG_KHEN_UBTVQH(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Bằng khen của Ủy ban Thường vụ Quốc hội"
    reference = R44

    def formula(person, period):
        return person("eligible_BANG_KHEN_TTCP", period)
