"""Individual titles and forms: one variable per legal condition, one per award code."""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thidua.awards.codes import BO, CO_SO, HTTNV, HTXSNV, TOAN_QUOC, YES
from thidua.rules.entities import Person
from thidua.rules.helpers import (
    LOOKBACK_YEARS,
    in_window,
    last_used,
    law,
    run_length,
    window_after,
    years_back,
)

LAW = "Luật Thi đua, khen thưởng 06/2022/QH15"
D91 = "Nghị định 91/2017/NĐ-CP"
D98 = "Nghị định 98/2023/NĐ-CP"
C01 = "Thông tư 01/2024/TT-BNV"
R44 = "Nghị quyết 44/2024/UBTVQH15"


class regime(Variable):
    value_type = int
    label = "Legal regime in force on the date of consideration (2017, 2024, 2025)"
    reference = [LAW, D91, D98, "Nghị định 152/2025/NĐ-CP"]
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return law(person, period, parameters, "regime").astype(int)


class c_not_deferred(Variable):
    value_type = bool
    label = "Not under discipline review, investigation or inspection on the date of consideration"
    reference = ("Quy chế thi đua, khen thưởng của cơ quan, đơn vị (hoãn xét khi đang xem xét kỷ luật, điều tra, "
                 "thanh tra)")
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return ~person("deferred", period)


# Lao động tiên tiến -------------------------------------------------------------------------------


class c_rating_good(Variable):
    value_type = bool
    label = "Rated HTTNV or better in the year"
    reference = f"{LAW}, Điều 24(1)(a)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("rating", period) >= HTTNV


class c_not_disciplined(Variable):
    value_type = bool
    label = "Not disciplined in the year"
    reference = C01
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return ~person("disciplined", period)


class effective_months(Variable):
    value_type = float
    label = "Months that count as work: actual work, maternity leave, treatment after injury on duty, training"
    reference = C01
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        injury = np.where(person("injured_on_duty", period), person("injury_treatment_months", period), 0)
        total = (person("months_worked", period) + person("maternity_leave_months", period) + injury
                 + person("training_months", period))
        return np.minimum(total, 12)


class c_not_new_recruit(Variable):
    value_type = bool
    label = "Not newly recruited with less than the minimum service in the year (6 months from 2024, 10 before)"
    reference = f"{C01} (không xét người mới tuyển dụng dưới 06 tháng)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return person("months_in_service", period) >= law(person, period, parameters,
                                                           "conditions.ldtt_min_service_months")


class eligible_LDTT(Variable):
    value_type = bool
    label = "Lao động tiên tiến"
    reference = f"{LAW}, Điều 24; {C01}"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return (person("c_rating_good", period) & person("c_not_disciplined", period)
                & person("c_not_new_recruit", period) & person("c_not_deferred", period))


class holds_LDTT(Variable):
    value_type = bool
    label = "Holds LĐTT for the year (awarded, or meets it this year)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("awarded_LDTT", period) | person("eligible_LDTT", period)


# Chiến sĩ thi đua ---------------------------------------------------------------------------------


class c_holds_ldtt(Variable):
    value_type = bool
    label = "Holds Lao động tiên tiến in the year"
    reference = f"{LAW}, Điều 23"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("holds_LDTT", period)


class c_cstd_achievement(Variable):
    value_type = bool
    label = "Rated HTXSNV or an initiative/research project recognised at co_so scope or wider (2017: initiative required)"
    reference = f"{LAW}, Điều 23"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        initiative = person("initiative_scope", period) >= CO_SO
        needs_initiative = law(person, period, parameters, "conditions.cstd_co_so_requires_initiative") > 0
        return initiative | (~needs_initiative & (person("rating", period) == HTXSNV))


class eligible_CSTD_CO_SO(Variable):
    value_type = bool
    label = "Chiến sĩ thi đua cơ sở"
    reference = f"{LAW}, Điều 23"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("c_holds_ldtt", period) & person("c_cstd_achievement", period) & person("c_not_deferred", period)


class holds_CSTD_CO_SO(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("awarded_CSTD_CO_SO", period) | person("eligible_CSTD_CO_SO", period)


class c_cstd_co_so_3_years(Variable):
    value_type = bool
    label = "Chiến sĩ thi đua cơ sở in 3 consecutive years ending in the year"
    reference = f"{LAW}, Điều 22"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        earlier = years_back(person, period, "awarded_CSTD_CO_SO", 1, 2).all(axis=0)
        return person("holds_CSTD_CO_SO", period) & earlier


class c_initiative_bo_3_years(Variable):
    value_type = bool
    label = "An initiative or research project recognised at bo scope or wider in those 3 years"
    reference = f"{LAW}, Điều 22"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return years_back(person, period, "initiative_scope", 0, 2).max(axis=0) >= BO


class eligible_CSTD_BO(Variable):
    value_type = bool
    label = "Chiến sĩ thi đua cấp bộ, ngành, tỉnh"
    reference = f"{LAW}, Điều 22"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return (person("c_cstd_co_so_3_years", period) & person("c_initiative_bo_3_years", period)
                & person("c_not_deferred", period))


class holds_CSTD_BO(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("awarded_CSTD_BO", period) | person("eligible_CSTD_BO", period)


class c_cstd_bo_two_cycles(Variable):
    value_type = bool
    label = "Two consecutive cycles of Chiến sĩ thi đua cấp bộ (in the year and three years earlier)"
    reference = f"{LAW}, Điều 21"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("holds_CSTD_BO", period) & person("awarded_CSTD_BO", period.offset(-3))


class c_initiative_national(Variable):
    value_type = bool
    label = "An initiative or research project recognised at national scope during the two cycles"
    reference = f"{LAW}, Điều 21"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return years_back(person, period, "initiative_scope", 0, 5).max(axis=0) >= TOAN_QUOC


class eligible_CSTD_TOAN_QUOC(Variable):
    value_type = bool
    label = "Chiến sĩ thi đua toàn quốc"
    reference = f"{LAW}, Điều 21"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return (person("c_cstd_bo_two_cycles", period) & person("c_initiative_national", period)
                & (person("judgement_most_outstanding", period) != 0) & person("c_not_deferred", period))


# Judgement routes (ad-hoc, thematic, long service) --------------------------------------------------


def _route(person, period, *keys):
    """Alternative branches made only of the council's judgement count when given as true."""
    return np.any([person(f"judgement_{key}", period) == YES for key in keys], axis=0)


# Bằng khen cấp bộ ----------------------------------------------------------------------------------


class bang_khen_bo_used(Variable):
    value_type = int
    label = "Offset of the last year already rewarded by a Bằng khen bộ (Decree 98/2023 Art. 30(9))"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return last_used(person, period, "BANG_KHEN_BO")


class window_BANG_KHEN_BO(Variable):
    value_type = int
    label = "Years the Bằng khen bộ record counts (0 when it is not met): the CSTĐCS run, else the HTXSNV run"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        n = law(person, period, parameters, "conditions.bang_khen_bo_years").astype(int)
        used = person("bang_khen_bo_used", period)
        cstd_run = run_length(np.concatenate([person("holds_CSTD_CO_SO", period)[None],
                                              years_back(person, period, "awarded_CSTD_CO_SO", 1, LOOKBACK_YEARS)]))
        cstd = np.minimum(cstd_run, used)
        ratings = years_back(person, period, "rating", 0, LOOKBACK_YEARS)
        window = np.minimum(run_length(ratings == HTXSNV), used)
        initiatives = in_window(years_back(person, period, "initiative_count", 0, LOOKBACK_YEARS), window).sum(axis=0)
        needed = law(person, period, parameters, "conditions.bang_khen_bo_initiatives")
        excellent = (window >= n) & (initiatives >= needed)
        return np.where(cstd >= n, np.minimum(cstd, n), np.where(excellent, window, 0))


class c_bang_khen_bo_record(Variable):
    value_type = bool
    label = ("CSTĐCS 2 times in a row, or HTXSNV 2 years or more in a row with 2 initiatives at co_so scope "
             "in that time — counted after the years a previous Bằng khen bộ rewarded")
    reference = f"{LAW}, Điều 74(1)(d)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("window_BANG_KHEN_BO", period) > 0


class eligible_BANG_KHEN_BO(Variable):
    value_type = bool
    label = "Bằng khen cấp bộ, ngành, tỉnh"
    reference = f"{LAW}, Điều 74"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        route = _route(person, period, "outstanding", "ad_hoc", "thematic")
        return (person("c_not_disciplined", period) & person("c_not_deferred", period)
                & (person("c_bang_khen_bo_record", period) | route))


# Windows "after award P, N years or more up to the proposal": Bằng khen TTCP, Labour Orders ------------


def _window(person, period, parameters, prerequisite: str, form: str, good):
    n = int(law(person, period, parameters, "conditions.long_run_years").max(initial=5))
    ratings = years_back(person, period, "rating", 0, LOOKBACK_YEARS)
    prior = years_back(person, period, f"awarded_{prerequisite}", 0, LOOKBACK_YEARS)
    return window_after(prior, last_used(person, period, form), run_length(good(ratings)), n)


def _window_count(person, period, window, own_year_variable: str, awarded_variable: str):
    """Times a title was held in the window (own year: held or met; earlier years: awarded)."""
    stack = np.concatenate([person(own_year_variable, period)[None],
                            years_back(person, period, awarded_variable, 1, LOOKBACK_YEARS)]).astype(int)
    return in_window(stack, window).sum(axis=0)


def _window_sum(person, period, window, variable: str, predicate=None):
    stack = years_back(person, period, variable, 0, LOOKBACK_YEARS)
    return in_window(predicate(stack) if predicate else stack, window).astype(int).sum(axis=0)


def _run_years(person, period, parameters):
    return law(person, period, parameters, "conditions.long_run_years")


def _rated(person, period, parameters, window, good):
    """The window is at least N years long and every year in it is rated well."""
    ratings = years_back(person, period, "rating", 0, LOOKBACK_YEARS)
    return (window >= _run_years(person, period, parameters)) & (run_length(good(ratings)) >= window)


def _prior(person, period, prerequisite: str, form: str):
    """The prerequisite was awarded in an earlier year not already rewarded by this form."""
    offsets = np.arange(1, LOOKBACK_YEARS + 1)[:, None]
    prior = years_back(person, period, f"awarded_{prerequisite}", 1, LOOKBACK_YEARS)
    return np.any(prior & (offsets <= last_used(person, period, form)), axis=0)


def _good_ttcp(person, period):
    excellent_only = person("regime", period) == 2017
    return lambda r: np.where(excellent_only, r == HTXSNV, r >= HTTNV)


class window_BANG_KHEN_TTCP(Variable):
    value_type = int
    label = "Years in the window after the Bằng khen bộ up to the year (Bằng khen TTCP)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return _window(person, period, parameters, "BANG_KHEN_BO", "BANG_KHEN_TTCP", _good_ttcp(person, period))


class c_prior_bang_khen_bo(Variable):
    value_type = bool
    label = "Holds a Bằng khen cấp bộ awarded before the years counted"
    reference = f"{LAW}, Điều 73(1)(b)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return _prior(person, period, "BANG_KHEN_BO", "BANG_KHEN_TTCP")


class c_run_rated(Variable):
    value_type = bool
    label = "5 years or more in a row after it, up to the year, rated HTTNV or better (2017: HTXSNV)"
    reference = f"{LAW}, Điều 73(1)(b)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return _rated(person, period, parameters, person("window_BANG_KHEN_TTCP", period), _good_ttcp(person, period))


class c_run_achievements(Variable):
    value_type = bool
    label = "In that time, Chiến sĩ thi đua cơ sở 3 times (2017: 5 initiatives at co_so scope)"
    reference = f"{LAW}, Điều 73(1)(b)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        window = person("window_BANG_KHEN_TTCP", period)
        cstd = _window_count(person, period, window, "holds_CSTD_CO_SO", "awarded_CSTD_CO_SO")
        initiatives = _window_sum(person, period, window, "initiative_count")
        times = law(person, period, parameters, "conditions.long_run_cstd_co_so_times")
        needed_2017 = law(person, period, parameters, "conditions.bang_khen_ttcp_initiatives_2017")
        return np.where(person("regime", period) == 2017, initiatives >= needed_2017, cstd >= times)


class eligible_BANG_KHEN_TTCP(Variable):
    value_type = bool
    label = "Bằng khen của Thủ tướng Chính phủ"
    reference = f"{LAW}, Điều 73"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        record = (person("c_prior_bang_khen_bo", period) & person("c_run_rated", period)
                  & person("c_run_achievements", period))
        return person("c_not_deferred", period) & (record | _route(person, period, "ad_hoc", "thematic"))


def _good(r):
    return r >= HTTNV


class window_HCLD_3(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return _window(person, period, parameters, "BANG_KHEN_TTCP", "HCLD_3", _good)


class c_prior_bang_khen_ttcp(Variable):
    value_type = bool
    label = "Holds a Bằng khen of the Prime Minister awarded before the years counted"
    reference = f"{LAW}, Điều 44(1)(e)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return _prior(person, period, "BANG_KHEN_TTCP", "HCLD_3")


class c_run_rated_good(Variable):
    value_type = bool
    label = "5 years or more in a row after it, up to the year, rated HTTNV or better"
    reference = f"{LAW}, Điều 44(1)(e)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return _rated(person, period, parameters, person("window_HCLD_3", period), _good)


class c_run_has_htxsnv(Variable):
    value_type = bool
    label = "In that time, at least one year rated HTXSNV"
    reference = f"{LAW}, Điều 44(1)(e)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        years = _window_sum(person, period, person("window_HCLD_3", period), "rating", lambda r: r == HTXSNV)
        return years >= law(person, period, parameters, "conditions.hcld_3_htxsnv_years")


class c_run_cstd_co_so_3(Variable):
    value_type = bool
    label = "In that time, Chiến sĩ thi đua cơ sở 3 times"
    reference = f"{LAW}, Điều 44(1)(e)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        times = _window_count(person, period, person("window_HCLD_3", period), "holds_CSTD_CO_SO",
                              "awarded_CSTD_CO_SO")
        return times >= law(person, period, parameters, "conditions.long_run_cstd_co_so_times")


class eligible_HCLD_3(Variable):
    value_type = bool
    label = "Huân chương Lao động hạng Ba"
    reference = f"{LAW}, Điều 44"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        record = (person("c_prior_bang_khen_ttcp", period) & person("c_run_rated_good", period)
                  & person("c_run_has_htxsnv", period) & person("c_run_cstd_co_so_3", period))
        return person("c_not_deferred", period) & (record | _route(person, period, "ad_hoc", "long_service"))


class window_HCLD_2(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return _window(person, period, parameters, "HCLD_3", "HCLD_2", _good)


class c_prior_hcld_3(Variable):
    value_type = bool
    label = "Holds the Labour Order 3rd class awarded before the years counted"
    reference = f"{LAW}, Điều 43"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return _prior(person, period, "HCLD_3", "HCLD_2")


class c_hcld_2_run_rated(Variable):
    value_type = bool
    label = "5 years or more in a row after it, up to the year, rated HTTNV or better"
    reference = f"{LAW}, Điều 43"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return _rated(person, period, parameters, person("window_HCLD_2", period), _good)


class c_hcld_2_htxsnv(Variable):
    value_type = bool
    label = "In that time, 2 years or more rated HTXSNV"
    reference = f"{LAW}, Điều 43"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        years = _window_sum(person, period, person("window_HCLD_2", period), "rating", lambda r: r == HTXSNV)
        return years >= law(person, period, parameters, "conditions.hcld_2_htxsnv_years")


class c_hcld_2_cstd_bo(Variable):
    value_type = bool
    label = "In that time, Chiến sĩ thi đua cấp bộ once (no CSTĐCS alternative)"
    reference = f"{LAW}, Điều 43"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        times = _window_count(person, period, person("window_HCLD_2", period), "holds_CSTD_BO", "awarded_CSTD_BO")
        return times >= law(person, period, parameters, "conditions.hcld_2_cstd_bo_times")


class eligible_HCLD_2(Variable):
    value_type = bool
    label = "Huân chương Lao động hạng Nhì"
    reference = f"{LAW}, Điều 43"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        record = (person("c_prior_hcld_3", period) & person("c_hcld_2_run_rated", period)
                  & person("c_hcld_2_htxsnv", period) & person("c_hcld_2_cstd_bo", period))
        return person("c_not_deferred", period) & (record | _route(person, period, "ad_hoc", "long_service"))


class window_HCLD_1(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return _window(person, period, parameters, "HCLD_2", "HCLD_1", _good)


class c_prior_hcld_2(Variable):
    value_type = bool
    label = "Holds the Labour Order 2nd class awarded before the years counted"
    reference = f"{LAW}, Điều 42"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return _prior(person, period, "HCLD_2", "HCLD_1")


class c_hcld_1_run_rated(Variable):
    value_type = bool
    label = "5 years or more in a row after it, up to the year, rated HTTNV or better"
    reference = f"{LAW}, Điều 42"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        return _rated(person, period, parameters, person("window_HCLD_1", period), _good)


class c_hcld_1_htxsnv(Variable):
    value_type = bool
    label = "In that time, 3 years or more rated HTXSNV (reading of Art. 42 to be confirmed)"
    reference = f"{LAW}, Điều 42"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        years = _window_sum(person, period, person("window_HCLD_1", period), "rating", lambda r: r == HTXSNV)
        return years >= law(person, period, parameters, "conditions.hcld_1_htxsnv_years")


class c_run_hcld_1_titles(Variable):
    value_type = bool
    label = "In that time, Chiến sĩ thi đua cấp bộ twice, or Chiến sĩ thi đua toàn quốc once"
    reference = f"{LAW}, Điều 42"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period, parameters):
        window = person("window_HCLD_1", period)
        bo = _window_count(person, period, window, "holds_CSTD_BO", "awarded_CSTD_BO")
        national = _window_count(person, period, window, "eligible_CSTD_TOAN_QUOC", "awarded_CSTD_TOAN_QUOC")
        return (bo >= law(person, period, parameters, "conditions.hcld_1_cstd_bo_times")) | (national >= 1)


class eligible_HCLD_1(Variable):
    value_type = bool
    label = "Huân chương Lao động hạng Nhất"
    reference = f"{LAW}, Điều 42"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        record = (person("c_prior_hcld_2", period) & person("c_hcld_1_run_rated", period)
                  & person("c_hcld_1_htxsnv", period) & person("c_run_hcld_1_titles", period))
        return person("c_not_deferred", period) & (record | _route(person, period, "ad_hoc", "long_service"))


# Forms whose criteria each ministry, sector or province sets (Art. 75(2), Art. 71(2)) -----------------


class eligible_GIAY_KHEN(Variable):
    value_type = bool
    label = "Giấy khen"
    reference = f"{LAW}, Điều 75"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        notable = person("judgement_notable_achievement", period) != 0
        return (person("c_rating_good", period) & person("c_not_disciplined", period) & notable
                & person("c_not_deferred", period))


class eligible_KY_NIEM_CHUONG(Variable):
    value_type = bool
    label = "Kỷ niệm chương of a ministry, sector or province"
    reference = f"{LAW}, Điều 71(2)"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return (person("judgement_long_service", period) != 0) & person("c_not_deferred", period)


class eligible_KNC_QUOC_HOI(Variable):
    value_type = bool
    label = "Kỷ niệm chương “Vì sự nghiệp Quốc hội Việt Nam”"
    reference = "Nghị quyết 43/2024/UBTVQH15"
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return (person("judgement_long_service", period) != 0) & person("c_not_deferred", period)


# National Assembly bodies (Resolution 44/2024/UBTVQH15) -------------------------------------------


class c_cstd_achievement_qh(Variable):
    value_type = bool
    label = "Rated HTXSNV or an initiative recognised by the NA body at co_so scope or wider"
    reference = R44
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("c_cstd_achievement", period)


class eligible_CSTD_CO_SO_QH(Variable):
    value_type = bool
    label = "Chiến sĩ thi đua cơ sở (cơ quan của Quốc hội)"
    reference = R44
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return (person("c_holds_ldtt", period) & person("c_cstd_achievement_qh", period)
                & person("c_not_deferred", period))


class c_cstd_co_so_qh_3_years(Variable):
    value_type = bool
    label = "Chiến sĩ thi đua cơ sở in 3 consecutive years ending in the year"
    reference = R44
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        held = person("holds_CSTD_CO_SO", period) | person("eligible_CSTD_CO_SO_QH", period) | person(
            "awarded_CSTD_CO_SO_QH", period)
        earlier = (years_back(person, period, "awarded_CSTD_CO_SO", 1, 2)
                   | years_back(person, period, "awarded_CSTD_CO_SO_QH", 1, 2)).all(axis=0)
        return held & earlier


class c_initiative_na_bodies(Variable):
    value_type = bool
    label = "An initiative applied across NA bodies (bo scope or wider) in those 3 years"
    reference = R44
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("c_initiative_bo_3_years", period)


class eligible_CSTD_CQ_QUOC_HOI(Variable):
    value_type = bool
    label = "Chiến sĩ thi đua cơ quan của Quốc hội"
    reference = R44
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return (person("c_cstd_co_so_qh_3_years", period) & person("c_initiative_na_bodies", period)
                & person("c_not_deferred", period))


class eligible_BANG_KHEN_UBTVQH(Variable):
    value_type = bool
    label = "Bằng khen của Ủy ban Thường vụ Quốc hội"
    reference = R44
    entity = Person
    definition_period = DateUnit.YEAR

    def formula(person, period):
        return person("eligible_BANG_KHEN_TTCP", period)

