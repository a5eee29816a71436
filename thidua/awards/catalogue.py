"""The award catalogue: names, the conditions each award is explained by, and their one-line reasons.

Eligibility itself is computed by the `eligible_<CODE>` variables; this module only says which
condition variables explain an award and how to word them. References come from the variables.
"""

from dataclasses import dataclass, field

from thidua.awards.codes import PERSON_AWARDS

R44 = "Nghị quyết 44/2024/UBTVQH15"
LAW = "Luật Thi đua, khen thưởng 06/2022/QH15"
OLD = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013)"
D91 = "Nghị định 91/2017/NĐ-CP"

# kind: "check" must be met; "branch" is a checkable alternative to a "route" (a judgement-only
# alternative branch, counted only when given as true); "judgement" is the council's call: absent it
# is reported as null and does not block, given as false it blocks. A condition that reads yearly
# ratings names how many years back (`facts`): when it is not met and a rating is missing there, the
# reason says the fact is missing (kind "missing", met null) instead of failing.


@dataclass(frozen=True)
class ConditionSpec:
    variable: str
    kind: str = "check"
    reference: str | None = None  # overrides the variable's reference (regimes 2024 and later)
    facts: int = 0


@dataclass(frozen=True)
class Award:
    code: str
    name_vi: str
    name_en: str
    kind: str  # "title" or "form"
    conditions: tuple[ConditionSpec, ...] = field(default_factory=tuple)
    reference_2017: str = ""  # what reasons cite when the 2017 regime applies (never Law 06/2022)

    @property
    def subject(self) -> str:
        return "person" if self.code in PERSON_AWARDS else "unit"


C = ConditionSpec
B = lambda v, **kw: ConditionSpec(v, "branch", **kw)  # noqa: E731
J = lambda key, **kw: ConditionSpec(f"judgement_{key}", "judgement", **kw)  # noqa: E731
ROUTE = lambda key, **kw: ConditionSpec(f"judgement_{key}", "route", **kw)  # noqa: E731
D = C("c_not_deferred")


def _routes(article: str, *keys: str) -> tuple[ConditionSpec, ...]:
    return tuple(ROUTE(key, reference=f"{LAW}, {article}") for key in keys)


def _ttcp(reference: str | None = None):
    kw = {"reference": reference} if reference else {}
    return (D, B("c_prior_bang_khen_bo", **kw), B("c_run_rated", facts=5, **kw),
            B("c_run_achievements", facts=5, **kw)) + _routes("Điều 73(1)(a), (c)", "ad_hoc", "thematic")


AWARDS: dict[str, Award] = {a.code: a for a in [
    Award("LDTT", "Lao động tiên tiến", "Advanced Worker", "title",
          (C("c_rating_good", facts=1), C("c_not_disciplined"), C("c_not_new_recruit"), D),
          f"{OLD}, Điều 24; {D91}, Điều 10"),
    Award("CSTD_CO_SO", "Chiến sĩ thi đua cơ sở", "Grassroots Emulation Fighter", "title",
          (C("c_holds_ldtt", facts=1), C("c_cstd_achievement", facts=1), D), f"{OLD}, Điều 23; {D91}, Điều 9"),
    Award("CSTD_BO", "Chiến sĩ thi đua cấp bộ, ngành, tỉnh", "Ministerial Emulation Fighter", "title",
          (C("c_cstd_co_so_3_years", facts=1), C("c_initiative_bo_3_years"), D), f"{OLD}, Điều 22; {D91}"),
    Award("CSTD_TOAN_QUOC", "Chiến sĩ thi đua toàn quốc", "National Emulation Fighter", "title",
          (C("c_cstd_bo_two_cycles", facts=1), C("c_initiative_national"),
           J("most_outstanding", reference=f"{LAW}, Điều 21"), D), f"{OLD}, Điều 21; {D91}"),
    Award("BANG_KHEN_BO", "Bằng khen cấp bộ, ngành, tỉnh", "Ministerial Certificate of Merit", "form",
          (C("c_not_disciplined", reference=f"{LAW}, Điều 74(1)"), D, B("c_bang_khen_bo_record", facts=2),
           ROUTE("outstanding", reference=f"{LAW}, Điều 74(1)(a)-(c)"))
          + _routes("Điều 74(1)(c)", "ad_hoc", "thematic"), f"{OLD}, Điều 72; {D91}"),
    Award("BANG_KHEN_TTCP", "Bằng khen của Thủ tướng Chính phủ", "Prime Minister's Certificate of Merit", "form",
          _ttcp(), f"{OLD}, Điều 71; {D91}"),
    Award("HCLD_3", "Huân chương Lao động hạng Ba", "Labour Order, 3rd class", "form",
          (D, B("c_prior_bang_khen_ttcp"), B("c_run_rated_good", facts=5), B("c_run_has_htxsnv", facts=5),
           B("c_run_cstd_co_so_3", facts=5)) + _routes("Điều 44(1)", "ad_hoc", "long_service"), f"{OLD}; {D91}"),
    Award("HCLD_2", "Huân chương Lao động hạng Nhì", "Labour Order, 2nd class", "form",
          (D, B("c_prior_hcld_3"), B("c_hcld_2_run_rated", facts=5), B("c_hcld_2_htxsnv", facts=5),
           B("c_hcld_2_cstd_bo", facts=5)) + _routes("Điều 43", "ad_hoc", "long_service"), f"{OLD}; {D91}"),
    Award("HCLD_1", "Huân chương Lao động hạng Nhất", "Labour Order, 1st class", "form",
          (D, B("c_prior_hcld_2"), B("c_hcld_1_run_rated", facts=5), B("c_hcld_1_htxsnv", facts=5),
           B("c_run_hcld_1_titles", facts=5)) + _routes("Điều 42", "ad_hoc", "long_service"), f"{OLD}; {D91}"),
    Award("GIAY_KHEN", "Giấy khen", "Certificate of Merit", "form",
          (C("c_rating_good", reference=f"{LAW}, Điều 75", facts=1),
           C("c_not_disciplined", reference=f"{LAW}, Điều 75"),
           J("notable_achievement", reference=f"{LAW}, Điều 75"), D), f"{OLD}, Điều 75; {D91}"),
    Award("KY_NIEM_CHUONG", "Kỷ niệm chương", "Commemorative Medal", "form",
          (J("long_service", reference=f"{LAW}, Điều 71(2)"), D), f"{OLD}; {D91}"),
    Award("KNC_QUOC_HOI", "Kỷ niệm chương “Vì sự nghiệp Quốc hội Việt Nam”",
          "Medal “For the cause of the National Assembly of Viet Nam”", "form",
          (J("long_service", reference="Nghị quyết 43/2024/UBTVQH15"), D), OLD),
    Award("CSTD_CO_SO_QH", "Chiến sĩ thi đua cơ sở (cơ quan của Quốc hội)",
          "Grassroots Emulation Fighter (NA bodies)", "title",
          (C("c_holds_ldtt", reference=R44, facts=1), C("c_cstd_achievement_qh", facts=1), D),
          f"{OLD}, Điều 23; {D91}, Điều 9"),
    Award("CSTD_CQ_QUOC_HOI", "Chiến sĩ thi đua cơ quan của Quốc hội", "Emulation Fighter of NA bodies", "title",
          (C("c_cstd_co_so_qh_3_years", facts=1), C("c_initiative_na_bodies"), D), f"{OLD}, Điều 22; {D91}"),
    Award("BANG_KHEN_UBTVQH", "Bằng khen của Ủy ban Thường vụ Quốc hội",
          "Certificate of Merit of the NA Standing Committee", "form", _ttcp(R44), OLD),
    Award("TT_LDTT", "Tập thể lao động tiên tiến", "Advanced Collective", "title",
          (C("c_unit_rating_good", facts=1), C("c_ldtt_over_half", facts=1), C("c_no_member_disciplined"),
           C("a_active_emulation")), f"{OLD}, Điều 28; {D91}"),
    Award("TT_LDXS", "Tập thể lao động xuất sắc", "Excellent Collective", "title",
          (C("c_unit_rating_excellent", facts=1), C("c_all_members_completed", facts=1),
           C("c_ldtt_at_least_70", facts=1), C("c_member_cstd", facts=1), C("a_solidarity")),
          f"{OLD}, Điều 27; {D91}"),
    Award("CO_THI_DUA_BO", "Cờ thi đua cấp bộ, ngành, tỉnh", "Ministerial Emulation Flag", "title",
          (C("c_holds_tt_ldxs", facts=1), B("c_block_leader"), ROUTE("outstanding", reference=f"{LAW}, Điều 26"),
           J("replicable_model", reference=f"{LAW}, Điều 26")), f"{OLD}, Điều 26; {D91}"),
    Award("CO_THI_DUA_CP", "Cờ thi đua của Chính phủ", "Government Emulation Flag", "title",
          (B("c_holds_co_thi_dua_bo", reference=f"{LAW}, Điều 25(1)"),
           J("most_outstanding", reference=f"{LAW}, Điều 25(1)"), B("c_central_block_leader"),
           ROUTE("pm_movement_leader", reference=f"{LAW}, Điều 25(3)")), f"{OLD}, Điều 25; {D91}"),
    Award("CO_THI_DUA_CQ_QH", "Cờ thi đua cơ quan của Quốc hội", "Emulation Flag of NA bodies", "title",
          (C("c_holds_tt_ldxs_qh", facts=1), B("c_block_leader_qh"), ROUTE("outstanding", reference=R44),
           J("replicable_model", reference=R44)), OLD),
    Award("TT_BANG_KHEN_BO", "Bằng khen cấp bộ, ngành, tỉnh (tập thể)", "Ministerial Certificate of Merit (collective)",
          "form", (B("c_unit_excellent_years", facts=2), B("a_solidarity", reference=f"{LAW}, Điều 74(2)"))
          + _routes("Điều 74(2)", "outstanding", "ad_hoc", "thematic"), f"{OLD}, Điều 72; {D91}"),
    Award("TT_BANG_KHEN_TTCP", "Bằng khen của Thủ tướng Chính phủ (tập thể)",
          "Prime Minister's Certificate of Merit (collective)", "form",
          (B("c_unit_prior_bang_khen_bo"), B("c_unit_run_excellent", facts=5), B("c_unit_run_flags", facts=5))
          + _routes("Điều 73(2)", "ad_hoc", "thematic"), f"{OLD}, Điều 71; {D91}"),
    Award("TT_GIAY_KHEN", "Giấy khen (tập thể)", "Certificate of Merit (collective)", "form",
          (C("c_unit_rating_good", reference=f"{LAW}, Điều 75", facts=1),
           J("notable_achievement", reference=f"{LAW}, Điều 75")), f"{OLD}, Điều 75; {D91}"),
]}

# Conditions whose 2017 citation is narrower than their award's.
REFERENCES_2017 = {
    "c_not_new_recruit": f"{D91}, Điều 10 (không xét người mới tuyển dụng dưới 10 tháng)",
    "c_cstd_achievement": f"{D91}, Điều 9",
    "c_not_deferred": "Thông tư 08/2017/TT-BNV",
}

TEXTS: dict[str, tuple[str, str]] = {
    "c_rating_good": ("Xếp loại Hoàn thành tốt nhiệm vụ trở lên trong năm", "Rated “well completed duties” or better in the year"),
    "c_not_disciplined": ("Không bị kỷ luật trong năm", "Not disciplined in the year"),
    "c_not_new_recruit": ("Không thuộc trường hợp mới tuyển dụng dưới 06 tháng (trước năm 2024: dưới 10 tháng)",
                          "Not newly recruited with less than 6 months of service (before 2024: 10 months)"),
    "c_not_deferred": ("Không trong thời gian xem xét kỷ luật, điều tra, thanh tra, kiểm tra",
                       "Not under discipline review, investigation or inspection"),
    "c_holds_ldtt": ("Đạt danh hiệu Lao động tiên tiến trong năm", "Holds Advanced Worker in the year"),
    "c_cstd_achievement": ("Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến/đề tài được công nhận từ cấp cơ sở "
                           "(trước 2024: bắt buộc có sáng kiến)",
                           "Rated “excellently completed duties” or an initiative/research project recognised at unit scope or wider "
                           "(before 2024: an initiative was required)"),
    "c_cstd_achievement_qh": ("Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được cơ quan của Quốc hội công nhận",
                              "Rated “excellently completed duties” or an initiative recognised by the NA body"),
    "c_cstd_co_so_3_years": ("Ba năm liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm xét",
                             "Grassroots Emulation Fighter in 3 consecutive years up to the year"),
    "c_cstd_co_so_qh_3_years": ("Ba năm liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm xét",
                                "Grassroots Emulation Fighter in 3 consecutive years up to the year"),
    "c_initiative_bo_3_years": ("Có sáng kiến/đề tài được công nhận phạm vi cấp bộ, ngành, tỉnh trở lên trong 3 năm",
                                "An initiative/research project with ministry-level scope or wider in those 3 years"),
    "c_initiative_na_bodies": ("Có sáng kiến được áp dụng trong các cơ quan của Quốc hội trong 3 năm",
                               "An initiative applied across NA bodies in those 3 years"),
    "c_cstd_bo_two_cycles": ("Hai lần liên tục đạt Chiến sĩ thi đua cấp bộ (năm xét và 3 năm trước đó)",
                             "Ministerial Emulation Fighter twice in a row (this year and three years earlier)"),
    "c_initiative_national": ("Có sáng kiến/đề tài được công nhận phạm vi toàn quốc",
                              "An initiative/research project recognised at national scope"),
    "c_bang_khen_bo_record": ("02 lần liên tục đạt Chiến sĩ thi đua cơ sở, hoặc liên tục từ 02 năm trở lên hoàn "
                              "thành xuất sắc nhiệm vụ và trong thời gian đó có 02 sáng kiến cấp cơ sở (tính sau "
                              "thời gian đã được khen Bằng khen bộ lần trước)",
                              "Grassroots Emulation Fighter 2 times in a row, or “excellently completed duties” 2 years or more in a row "
                              "with 2 initiatives at unit scope in that time (counted after the years the previous "
                              "Certificate of Merit rewarded)"),
    "c_prior_bang_khen_bo": ("Đã được tặng Bằng khen cấp bộ trước thời gian tính thành tích",
                             "Received the Ministerial Certificate of Merit before the years counted"),
    "c_run_rated": ("Sau đó, liên tục từ 05 năm trở lên đến năm đề nghị hoàn thành tốt nhiệm vụ trở lên (trước "
                    "2024: hoàn thành xuất sắc)",
                    "Then 5 years or more in a row up to the year rated “well completed duties” or better (before 2024: “excellently completed duties”)"),
    "c_run_achievements": ("Trong thời gian đó có 03 lần Chiến sĩ thi đua cơ sở (trước 2024: 05 sáng kiến cấp cơ sở)",
                           "In that time, Grassroots Emulation Fighter 3 times (before 2024: 5 initiatives)"),
    "c_prior_bang_khen_ttcp": ("Đã được tặng Bằng khen của Thủ tướng Chính phủ trước thời gian tính thành tích",
                               "Received the Prime Minister's Certificate of Merit before the years counted"),
    "c_run_rated_good": ("Sau đó, liên tục từ 05 năm trở lên đến năm đề nghị hoàn thành tốt nhiệm vụ trở lên",
                         "Then 5 years or more in a row up to the year rated “well completed duties” or better"),
    "c_run_has_htxsnv": ("Trong thời gian đó có từ 01 năm trở lên hoàn thành xuất sắc nhiệm vụ",
                         "In that time, at least one year rated “excellently completed duties”"),
    "c_run_cstd_co_so_3": ("Trong thời gian đó có 03 lần Chiến sĩ thi đua cơ sở",
                           "In that time, Grassroots Emulation Fighter 3 times"),
    "c_prior_hcld_3": ("Đã được tặng Huân chương Lao động hạng Ba trước thời gian tính thành tích",
                       "Received the Labour Order 3rd class before the years counted"),
    "c_hcld_2_run_rated": ("Sau đó, liên tục từ 05 năm trở lên đến năm đề nghị hoàn thành tốt nhiệm vụ trở lên",
                           "Then 5 years or more in a row up to the year rated “well completed duties” or better"),
    "c_hcld_2_htxsnv": ("Trong thời gian đó có từ 02 năm trở lên hoàn thành xuất sắc nhiệm vụ",
                        "In that time, 2 years or more rated “excellently completed duties”"),
    "c_hcld_2_cstd_bo": ("Trong thời gian đó có 01 lần Chiến sĩ thi đua cấp bộ, ngành, tỉnh",
                         "In that time, Ministerial Emulation Fighter once"),
    "c_prior_hcld_2": ("Đã được tặng Huân chương Lao động hạng Nhì trước thời gian tính thành tích",
                       "Received the Labour Order 2nd class before the years counted"),
    "c_hcld_1_run_rated": ("Sau đó, liên tục từ 05 năm trở lên đến năm đề nghị hoàn thành tốt nhiệm vụ trở lên",
                           "Then 5 years or more in a row up to the year rated “well completed duties” or better"),
    "c_hcld_1_htxsnv": ("Trong thời gian đó có từ 03 năm trở lên hoàn thành xuất sắc nhiệm vụ (cách đọc Điều 42 "
                        "cần xác nhận)", "In that time, 3 years or more rated “excellently completed duties” (reading of Art. 42 to confirm)"),
    "c_run_hcld_1_titles": ("Trong thời gian đó có 02 lần Chiến sĩ thi đua cấp bộ hoặc 01 lần Chiến sĩ thi đua toàn quốc",
                            "In that time, Ministerial Emulation Fighter twice or National Emulation Fighter once"),
    "c_central_block_leader": ("Dẫn đầu cụm, khối thi đua do Ban Thi đua - Khen thưởng Trung ương tổ chức",
                               "Leads a block or cluster organised by the Central Emulation and Commendation Board"),
    "c_unit_excellent_years": ("Liên tục từ 02 năm trở lên hoàn thành xuất sắc nhiệm vụ (sau lần khen trước)",
                               "Rated “excellently completed duties” 2 years or more in a row (after the previous award)"),
    "c_unit_prior_bang_khen_bo": ("Đã được tặng Bằng khen cấp bộ (tập thể) trước thời gian tính thành tích",
                                  "Received the collective Ministerial Certificate of Merit before the years counted"),
    "c_unit_run_excellent": ("Sau đó, liên tục từ 05 năm trở lên đến năm đề nghị hoàn thành xuất sắc nhiệm vụ",
                             "Then 5 years or more in a row up to the year rated “excellently completed duties”"),
    "c_unit_run_flags": ("Trong thời gian đó có 01 lần Cờ thi đua cấp bộ hoặc 02 lần Bằng khen cấp bộ",
                         "In that time, a Ministerial Emulation Flag once or a Ministerial Certificate of Merit twice"),
    "c_unit_rating_good": ("Tập thể hoàn thành tốt nhiệm vụ trở lên", "The collective is rated “well completed duties” or better"),
    "c_ldtt_over_half": ("Trên 50% thành viên đạt Lao động tiên tiến", "More than 50% of members are Advanced Workers"),
    "c_no_member_disciplined": ("Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
                                "No member disciplined at warning or heavier"),
    "a_active_emulation": ("Tích cực tham gia phong trào thi đua (coi là đạt trừ khi có ghi nhận khác)",
                           "Active in emulation movements (taken as met unless stated otherwise)"),
    "c_unit_rating_excellent": ("Tập thể hoàn thành xuất sắc nhiệm vụ", "The collective is rated “excellently completed duties”"),
    "c_all_members_completed": ("100% thành viên hoàn thành nhiệm vụ trở lên", "All members rated “completed duties” or better"),
    "c_ldtt_at_least_70": ("Ít nhất 70% thành viên đạt Lao động tiên tiến", "At least 70% of members are Advanced Workers"),
    "c_member_cstd": ("Có thành viên đạt Chiến sĩ thi đua cơ sở", "At least one member is a Grassroots Emulation Fighter"),
    "a_solidarity": ("Nội bộ đoàn kết, chấp hành tốt pháp luật (coi là đạt trừ khi có ghi nhận khác)",
                     "Internal solidarity and law-abiding (taken as met unless stated otherwise)"),
    "c_holds_tt_ldxs": ("Đạt Tập thể lao động xuất sắc trong năm", "Holds Excellent Collective in the year"),
    "c_holds_tt_ldxs_qh": ("Đạt Tập thể lao động xuất sắc trong năm", "Holds Excellent Collective in the year"),
    "c_block_leader": ("Dẫn đầu khối, cụm thi đua", "Leads its emulation block or cluster"),
    "c_block_leader_qh": ("Dẫn đầu khối thi đua các cơ quan của Quốc hội", "Leads the block of NA bodies"),
    "c_holds_co_thi_dua_bo": ("Đạt Cờ thi đua cấp bộ trong năm", "Holds the Ministerial Emulation Flag in the year"),
    "judgement_outstanding": ("Thành tích xuất sắc, tiêu biểu (do Hội đồng đánh giá; là một con đường thay thế)",
                              "Outstanding achievement (the council's judgement; an alternative route)"),
    "judgement_most_outstanding": ("Tiêu biểu nhất trong số đủ tiêu chuẩn (do Hội đồng đánh giá)",
                                   "The most outstanding among those who qualify (the council's judgement)"),
    "judgement_notable_achievement": ("Có thành tích đáng ghi nhận (do Hội đồng đánh giá)",
                                      "A notable achievement (the council's judgement)"),
    "judgement_ad_hoc": ("Thành tích đột xuất (do Hội đồng đánh giá; là một con đường thay thế)",
                         "An ad-hoc (đột xuất) achievement (the council's judgement; an alternative route)"),
    "judgement_thematic": ("Thành tích xuất sắc trong phong trào thi đua theo chuyên đề (do Hội đồng đánh giá)",
                           "Outstanding achievement in a thematic movement (the council's judgement; a route)"),
    "judgement_long_service": ("Quá trình cống hiến lâu dài theo quy định (do Hội đồng đánh giá)",
                               "Long service as the rules define it (the council's judgement)"),
    "judgement_pm_movement_leader": ("Dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động từ 05 năm trở lên "
                                     "(do Hội đồng đánh giá)",
                                     "Leads a Prime-Minister movement of 5 years or more (the council's judgement)"),
    "judgement_replicable_model": ("Có mô hình mới, nhân tố mới để nhân rộng (do Hội đồng đánh giá)",
                                   "New models worth replicating (the council's judgement)"),
}

PREFIX = {
    True: ("Đạt", "Met"),
    False: ("Chưa đạt", "Not met"),
    None: ("Cần Hội đồng xem xét", "For the council to judge"),
}


def reference(award: Award, spec: ConditionSpec, variable_reference, regime: int) -> str:
    """The citation a reason gives: the instrument in force under the case's regime."""
    if regime == 2017:
        return REFERENCES_2017.get(spec.variable) or award.reference_2017
    ref = spec.reference or variable_reference or ""
    return "; ".join(ref) if isinstance(ref, list | tuple) else ref
