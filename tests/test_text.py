from thidua.core.text import fold, name_sort_key


def test_fold_ignores_diacritics_case_and_d_stroke():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("  ĐẶNG   Thị  Hằng ") == "dang thi hang"


def test_people_sort_by_given_name_first():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An"]
    assert sorted(names, key=name_sort_key) == ["Lê Văn An", "Nguyễn Thị An", "Trần Văn Bình"]
