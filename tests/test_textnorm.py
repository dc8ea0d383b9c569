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
