from rag.textnorm import detect_script, match_form


def test_detect_script():
    assert detect_script("臨港區行政審批服務局") == "Hant"
    assert detect_script("临港区行政审批服务局") == "Hans"
    assert detect_script("What is the population?") == "other"
    assert detect_script("中国人民") == "Hans"  # shared characters only


def test_match_form_meets_scripts():
    assert match_form("總投資１０.３億元") == match_form("总投资10.3亿元") == "总投资10.3亿元"


def test_traditional_output_uses_taiwan_standard_forms():
    from rag.textnorm import to_traditional

    assert to_traditional("为了项目，里面着力") == "為了項目，裡面著力"  # not 爲, 裏, 着; 项目 stays 項目


def test_the_aligned_form_keeps_every_offset():
    from rag.textnorm import aligned_form

    assert aligned_form("總投資約12億元……面積5㎡") == "总投资约12亿元……面积5㎡"  # … and ㎡ kept as written
    assert aligned_form("總投資12億元") == "总投资12亿元"


def test_a_number_written_digit_by_digit_matches_its_digits():
    """二○二二年 and 一九九.九億元 (as some Taiwan papers print them) are 2022年 and 199.9亿元 for
    matching, one character for one; counts of years (十二年), numerals with 十 (十三%), and names
    written with digits (二二八事件, 三七五減租) are left alone."""
    from rag.figures import find_figures
    from rag.textnorm import aligned_form, match_form

    assert match_form("中科園區延續二○二一年營業額破兆元") == "中科园区延续2021年营业额破兆元"
    assert match_form("一九九八年") == "1998年" and match_form("民國一○五年") == "民国105年"
    assert match_form("建设期十二年、二十年来") == "建设期十二年、二十年来"
    assert match_form("投資額一九九.九億元，成長十三%") == "投资额199.9亿元,成长十三%"
    assert match_form("二二八事件、三七五減租、三四月") == "二二八事件、三七五减租、三四月"
    assert [f.value for f in find_figures(match_form("營業額達一兆一六九八億元"))] == [1.1698e12]
    text = "二○二二年營業額"
    assert len(aligned_form(text)) == len(text)
