"""Codes shared by the engine, the JSON contract and the database bridge."""

RATINGS = {"HTXSNV": 4, "HTTNV": 3, "HTNV": 2, "KHTNV": 1}
SCOPES = {"co_so": 1, "bo": 2, "toan_quoc": 3}
HTXSNV, HTTNV, HTNV = 4, 3, 2
CO_SO, BO, TOAN_QUOC = 1, 2, 3

PERSON_AWARDS = [
    "LDTT", "CSTD_CO_SO", "CSTD_BO", "CSTD_TOAN_QUOC", "BANG_KHEN_BO", "BANG_KHEN_TTCP",
    "HCLD_3", "HCLD_2", "HCLD_1", "GIAY_KHEN", "CSTD_CO_SO_QH", "CSTD_CQ_QUOC_HOI", "BANG_KHEN_UBTVQH",
    "KY_NIEM_CHUONG", "KNC_QUOC_HOI",
]
UNIT_AWARDS = ["TT_LDTT", "TT_LDXS", "CO_THI_DUA_BO", "CO_THI_DUA_CP", "CO_THI_DUA_CQ_QH",
               "TT_BANG_KHEN_BO", "TT_BANG_KHEN_TTCP", "TT_GIAY_KHEN"]
AWARDS = PERSON_AWARDS + UNIT_AWARDS

# Judgement inputs are tri-state: unknown (-1), false (0), true (1).
UNKNOWN, NO, YES = -1, 0, 1
JUDGEMENTS = [
    "outstanding", "most_outstanding", "notable_achievement", "replicable_model",
    "active_emulation", "solidarity", "law_abiding", "ad_hoc", "thematic", "long_service", "pm_movement_leader",
]
