import pytest

from rag.figures import find_figures, parse_number


@pytest.mark.parametrize("sentence, span, value, unit, metric", [
    ("该项目总投资10.3亿元，占地面积92亩。", "10.3亿元", 1.03e9, "元", "总投资"),
    ("该项目总投资10.3亿元，占地面积92亩。", "92亩", 92, "亩", "占地面积"),
    ("优康利莱健康产业园项目总投资八亿元。", "八亿元", 8e8, "元", "总投资"),
    ("计划投资两亿元建设新厂。", "两亿元", 2e8, "元", "计划投资"),
    ("打造千亿元级产业集群。", "千亿元", 1e11, "元", None),
    ("这里占地近300亩。", "近300亩", 300, "亩", "占地"),
    ("6000余平方米的生产车间内。", "6000余平方米", 6000, "平方米", None),
    ("力争引进项目30个以上。", "30个以上", 30, "个", None),
    ("审批时间整体压缩85%以上。", "85%以上", 85, "%", "时间"),
    ("稀土永磁材料产能占全国的1/3。", "1/3", 1 / 3, None, "产能"),
    ("产能约占全省的三分之一。", "三分之一", 1 / 3, None, "产能"),
    ("开工率达83.3%，完成投资6.15亿元。", "83.3%", 83.3, "%", "开工率"),
    ("同比增长1.9倍。", "1.9倍", 1.9, "倍", "同比增长"),
    ("年产能200台套。", "200台套", 200, "台套", "年产能"),
    ("形成100GW单晶硅材料产能。", "100GW", 1e11, "W", None),
    ("年产1.5万吨高性能材料。", "1.5万吨", 15000, "吨", "年产"),
    ("建设两台16万立方米储罐。", "16万立方米", 1.6e5, "立方米", None),  # a volume, not 16万 and 米
    ("带动就业1,200人。", "1,200人", 1200, "人", "就业"),
    ("走访对接904家企业。", "904家", 904, "家", None),
    ("新增用地百分之八十五。", "百分之八十五", 85, "%", "用地"),
    ("历时140天的工期建设。", "140天", 140, "天", None),
    ("可實現25億元的年銷售額。", "25億元", 2.5e9, "元", None),  # Traditional, span kept as written
    ("數量較2023年增長14.3%。", "14.3%", 14.3, "%", "增长"),
])
def test_figure_cases(sentence, span, value, unit, metric):
    figs = {f.text: f for f in find_figures(sentence)}
    assert span in figs, (span, list(figs))
    f = figs[span]
    assert sentence[f.start:f.end] == span
    assert f.value == pytest.approx(value) and f.unit == unit and f.metric == metric


@pytest.mark.parametrize("sentence", ["2023-05-16开工。", "2022年以来，园区统一规划。", "车型TR50E交付。",
                                      "一批项目落地。", "采用1600型单晶炉。", "投資方案延長實施至117年。",
                                      "延长至一一七年底。", "二〇二四年起施行。"])
def test_not_figures(sentence):
    assert find_figures(sentence) == []


def test_a_duration_in_years_is_still_a_figure():
    assert [f.text for f in find_figures("建设期3年，在3年内建成。")] == ["3年", "3年"]


def test_qualifier_and_range():
    f = find_figures("投资5至8亿元。")[0]
    assert f.kind == "range" and f.text == "5至8亿元"
    assert find_figures("近300亩")[0].qualifier == "近"


def test_parse_number():
    assert parse_number("1,200") == 1200 and parse_number("两") == 2 and parse_number("千") == 1000
    assert parse_number("一千二百") == 1200 and parse_number("xyz") is None


def test_figures_that_look_like_dates_or_hold_two_magnitudes():
    from rag.figures import find_figures

    figs = find_figures("上半年，工业完成增加值2052.24亿元，增长10.7%。")
    assert [(f.text, round(f.value)) for f in figs][0] == ("2052.24亿元", 205224000000)
    assert [(f.text, f.value) for f in find_figures("贸易总额达4兆8,067亿元，就业人数32万3,113人")] == [
        ("4兆8,067亿元", 4.8067e12), ("32万3,113人", 323113.0)]
    assert find_figures("2023.5.1开工") == []  # a date stays a date
    # a year before a figure is no date with it, nor a figure of its own
    assert [f.text for f in find_figures("2021年3,139.9億元、2022年3,654.7億元；2023年12家")] == [
        "3,139.9億元", "3,654.7億元", "12家"]
    assert find_figures("2021年3月5日签约") == []
    # a figure of two magnitudes spaced as Taiwan's pages print it, but not a magnitude and a count
    assert [(f.text, f.value) for f in find_figures("營業額達 1 兆 2,468 億元，投资5万 3000人参与")] == [
        ("1 兆 2,468 億元", 1.2468e12), ("5万", 5e4), ("3000人", 3000.0)]


def test_a_unit_printed_after_a_space_is_the_figures():
    """Scraped pages print 669 公頃 and 7160 億元; the figure is the same as 669公頃."""
    from rag.figures import find_figures

    assert [(f.text, f.value, f.unit) for f in find_figures("設廠總面積達 669 公頃")] == [("669 公頃", 669.0, "公顷")]
    assert [f.value for f in find_figures("核准投資總額 7160 億元")] == [7160e8]
    assert find_figures("2022 年營業額") == []  # a year, as 2022年 is


def test_more_than_after_a_unit_is_not_a_verb():
    """比前年的1兆7510億元多出2153億元: 多出 is a verb; 10亿元多 is about 10亿元."""
    assert [f.text for f in find_figures("比前年的1兆7510億元多出2153億元")] == ["1兆7510億元", "2153億元"]
    assert [f.text for f in find_figures("投资10亿元多")] == ["10亿元多"]


@pytest.mark.parametrize("text, figure, unit, value", [
    ("为驻地创造 100 多个就业岗位", "100 多个", "个", 100.0),  # a space before 多, as scraped pages print it
    ("占地面积4万余平方米", "4万余平方米", "平方米", 40000.0),  # 余 between the magnitude and the unit
    ("年产值3亿多元", "3亿多元", "元", 3e8),
])
def test_over_may_stand_after_a_space_or_before_the_unit(text, figure, unit, value):
    [f] = find_figures(text)
    assert (f.text, f.unit, f.value) == (figure, unit, value)


def test_a_unit_after_over_is_read_only_when_none_came_before():
    assert [f.text for f in find_figures("新开工5亿元以上项目32个")] == ["5亿元以上", "32个"]


def test_decimals_written_in_chinese_digits_are_figures():
    """十.六%, 廿三.三九% (as some Taiwan papers print them): the tens in words, the decimals digit
    by digit."""
    from rag.textnorm import match_form

    figs = find_figures(match_form("營業額成長廿三.三九%，超過去年的十.六%，成長十三%"))
    assert [(f.text, f.value, f.unit) for f in figs] == [
        ("廿三.三九%", 23.39, "%"), ("十.六%", 10.6, "%"), ("十三%", 13.0, "%")]


def test_figures_written_digit_by_digit_with_a_circle_for_zero_and_a_raised_point():
    """五六○公頃, 一九○億元, 二‧二五公頃 (Taiwan's papers): ○ is zero, ‧ the point, the digits read
    one by one before a magnitude."""
    figs = find_figures("總開發面積逾五六○公頃，釋出二‧二五公頃周轉用地，吸引近一九○億元民間投資")
    assert [(f.text, f.value) for f in figs] == [("逾五六○公頃", 560.0), ("二‧二五公頃", 2.25), ("近一九○億元", 1.9e10)]


def test_a_percentage_in_words_reads_its_decimals_digit_by_digit():
    figs = find_figures("增长百分之三点五，占百分之十二点九，百分之五点〇")
    assert [f.value for f in figs] == [3.5, 12.9, 5.0]  # not 3.7, 12.1, 5.1 (digits read by position)


def test_months_events_people_parcels_and_tenths():
    """6个月 is six months, not 6个; 9場, 300位, 22筆 are counts; 8成 is 80%; 成 starting a word is none."""
    got = {f.text: (f.value, f.unit, f.kind) for f in find_figures("建设周期6个月，舉行9場典禮，培育300位人才，22筆土地，占比超過8成")}
    assert got == {"6个月": (6.0, "个月", "number"), "9場": (9.0, "场", "number"), "300位": (300.0, "位", "number"),
                   "22筆": (22.0, "笔", "number"), "超過8成": (80.0, "%", "percent")}
    assert find_figures("其中1成为龙头企业") == []


def test_taiwan_s_and_spoken_units_and_ordinals():
    """平米 is 平方米, 坪 Taiwan's own area unit, 公噸 a ton, 台幣 New Taiwan dollars (not yuan); 幅 and 箱
    count."""
    got = {f.text: (f.value, f.unit) for f in
           find_figures("建筑面积64271平米，釋出約一萬坪，採購150公噸，年產值約513萬台幣，20幅用地，1000箱")}
    assert got == {"64271平米": (64271.0, "平方米"), "約一萬坪": (10000.0, "坪"), "150公噸": (150.0, "吨"),
                   "約513萬台幣": (5130000.0, "新台币"), "20幅": (20.0, "幅"), "1000箱": (1000.0, "箱")}


def test_hong_kong_s_square_feet():
    """Hong Kong's reports give floor area in square feet (可建楼面121万平方呎), not in 万 alone."""
    got = {f.text: (f.value, f.unit) for f in find_figures("可建楼面多达121万平方呎，写字楼约48000平方英尺")}
    assert got == {"多达121万平方呎": (1210000.0, "平方呎"), "约48000平方英尺": (48000.0, "平方呎")}


def test_a_magnitude_alone_names_a_class_of_projects_not_a_figure():
    assert [f.text for f in find_figures("今年签约亿元项目64个，万元GDP能耗下降3%。")] == ["64个", "3%"]
    assert [f.text for f in find_figures("投资千亿元，总投资两亿元。")] == ["千亿元", "两亿元"]


def test_chinese_numerals_with_a_written_point():
    got = [(f.text, f.value, f.unit) for f in find_figures("開發總面積約九點四五公頃，占地三点五平方公里，下午两点三十分开工")]
    assert got == [("約九點四五公頃", 9.45, "公顷"), ("三点五平方公里", 3.5, "平方公里")]
