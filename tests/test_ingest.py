import pytest

from rag.ingest import (DecodeError, boilerplate_reason, clean_text, decode_bytes, ingest_folder,
                        strip_html_remnants, strip_pinyin_glosses)
from tests.conftest import ARTICLE


def test_article_cleaning_and_metadata():
    c = clean_text(ARTICLE)
    assert c.title == "新华产业园：新能源项目加速落地"
    assert c.date == "2024-03-18"
    assert c.outlet == "示例日报"
    assert "总投资10.3亿元" in c.text and "就业1,200人" in c.text
    for junk in ("首页 新闻", "资料图片", "分享到", "责任编辑", "相关阅读", "另一条新闻", "阅读量"):
        assert junk not in c.text, junk


@pytest.mark.parametrize("line, reason", [
    ("前沿 资讯 要闻 书画 人物 插画 展览", "menu"),
    ("首頁 | 新聞 | 財經 | 科技 | 圖片", "menu"),
    ("WechatIMG1566", "image"),
    ("IMG_20230501.jpg", "image"),
    ("（资料图片仅供参考）", "image"),
    ("本版图片来源:某某高新区", "image"),
    ("閱讀余下全文", "prompt"),
    ("登錄后立即解鎖全站精選內容", "prompt"),
    ("点击查看更多", "prompt"),
    ("阅读量:776", "counter"),
    ("394", "counter"),
    ("(来源:威海新闻 编辑:嘉欣 审核:张涛)", "editorial"),
    ("責任編輯：李四", "editorial"),
    ("延伸閱讀", "related-list"),
    ("热点视频", "related-list"),
    ("版权所有:某某网 京ICP备11041399号-2", "copyright"),
    ("【版權及免責聲明】凡本網所屬版權作品,轉載時須獲得授權。", "copyright"),
    ("……", "punctuation"),
    ("-", "punctuation"),
    # Patterns of real scraped pages (synthetic lines of the same shape).
    ("首頁 | 要聞 | 時政 | 經濟 | 園區 | 圖片 | 視頻 | 專題 | 評論 | 財經 | 科技 | 聯繫我們 |", "menu"),
    ("首 頁 要聞 時政 經濟 園區 …", "menu"),
    ("如需轉載請註明出處", "copyright"),
    ("聲明：本文版權歸原作者所有，轉載文章僅為傳播更多信息之目的", "copyright"),
    ("本文网址:http://www.example.com/a/1.html ,喜欢请注明来源某某网。", "copyright"),
    ("某某 攝", "image"),
    ("▲园区新建的标准化厂房。", "image"),
    ("经济部园管局提供", "image"),
    ("评论 0", "counter"),
    ("【大 中 小】", "counter"),
    ("广告 广告", "counter"),
    ("我要评论", "prompt"),
    ("还没有添加任何评论,快去APP中抢沙发吧!", "prompt"),
    ("去APP中参与热议吧", "prompt"),
    ("关键词:总投资,产业园,项目", "keywords"),
    ("当前位置:首页 > 新闻中心", "breadcrumb"),
    ("> 园区项目建设全面提速", "breadcrumb"),
    ("http://www.example.com.cn", "link"),
    ("(记者 张三 李四)", "editorial"),
    ("某某新闻记者 王五", "editorial"),
    ("河南台记者张三   某市台记者李四", "editorial"),
    ("AI帮您写报告 点击免费用,一键导出", "ad"),
])
def test_boilerplate_lines(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", [
    "该项目总投资10.3亿元，占地面积92亩。",
    "补链成群",
    "记者孔祥勇:“我现在是在临港区碳纤维产业化生产区,这里占地近300亩,厂房还在建设当中。”",
    "登录系统上线后，企业办事时间缩短一半，审批效率明显提升。",
    "第二季度 重大项目 集中开工 总投资1238亿元",  # a headline of spaced phrases with a figure
    "园区今年新签约项目12个，评论人士认为招商形势向好。",
    "The park signed 12 projects worth 8.6 billion yuan this year.",  # text in other languages stays
    "대만구의 프로젝트는 102억 위안을 투자할 계획이다.",
])
def test_article_lines_are_kept(line):
    assert boilerplate_reason(line) is None


def test_pinyin_glosses():
    assert strip_pinyin_glosses("包頭:大項(xiàng)目建設(shè)追“新”") == "包頭:大項目建設追“新”"
    # Abbreviations in parentheses are not glosses.
    assert strip_pinyin_glosses("人工智能(AI)和风电(GW)") == "人工智能(AI)和风电(GW)"
    # Toneless syllables go only in a visibly glossed text.
    glossed = "項(xiàng)目建(jiàn)設(shè)的(de)"
    assert strip_pinyin_glosses(glossed) == "項目建設的"
    assert strip_pinyin_glosses("系统(ok)") == "系统(ok)"


def test_html_remnants():
    assert strip_html_remnants("綠色優先?!?/span>") == "綠色優先"
    assert strip_html_remnants("<p>总投资<b>8</b>亿元&nbsp;</p>") == "总投资8亿元\xa0"


SENTENCE = "臨港區12個省級重點項目開工率達83.3%，總投資八億元。"


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("big5", b""),
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
])
def test_encodings_round_trip(encoding, bom):
    text = SENTENCE * 3 if encoding != "gb18030" else "包头稀土高新区重大项目总投资573.84亿元。" * 3
    raw = bom + text.encode(encoding)
    decoded, _ = decode_bytes(raw)
    assert decoded == text


@pytest.mark.parametrize("raw, words", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    (b"PK\x03\x04" + b"\x00" * 100, "zip archive"),
    (bytes(range(256)) * 8, "binary"),
])
def test_binary_is_refused(raw, words):
    with pytest.raises(DecodeError, match=words):
        decode_bytes(raw)


def test_folder_reports_every_skip(corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (corpus / "fake.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (corpus / "copy.txt").write_bytes((corpus / "a.txt").read_bytes())
    (corpus / "nav.txt").write_text("首页 新闻 财经 科技 图片\n分享到\n阅读量：12\n", encoding="utf-8")
    docs, skipped = ingest_folder(corpus)
    assert sorted(d.name for d in docs) == ["a.txt", "b.txt", "c.md"]
    reasons = {s.name: s.reason for s in skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["photo.png"].startswith("unsupported file type (.png)")
    assert "PNG image" in reasons["fake.txt"]
    assert reasons["copy.txt"] == "duplicate of a.txt"
    assert "no article text" in reasons["nav.txt"]


def test_traditional_big5_document(corpus):
    docs, _ = ingest_folder(corpus)
    b = next(d for d in docs if d.name == "b.txt")
    assert b.script == "Hant" and b.date == "2022-05-28" and b.title == "臨港區招商引資成效顯著"
    assert "60%以上" in b.text
    md = next(d for d in docs if d.name == "c.md")
    assert md.title == "碳纤维产业园扩容" and not md.text.startswith("#")


def test_forum_edit_note_and_noise_runs_go_and_never_become_the_title():
    page = ("本帖最后由 abc123 于 2015-3-2 10:20 编辑\n"
            "3 k. p& e$ Q7 r# W1 某某园区项目集中开工，总投资17亿元，预计产值48亿元。\n"
            "据了解，基地已引进项目22个，总投资65亿元。& D\" Y6 ?3 J& o3 }; [\n"
            "& y2 O0 A+ P1 H\" X$ H\n")
    c = clean_text(page)
    assert "编辑" not in c.text and "Q7" not in c.text and "Y6" not in c.text and "O0" not in c.text
    assert "某某园区项目集中开工，总投资17亿元" in c.text and "总投资65亿元。" in c.text
    assert c.title is None or "编辑" not in c.title


@pytest.mark.parametrize("kept", ["Q1 Q2 Q3 Q4", '"D = f / N"', "< NCS < CHCN < py", "50 勒韦, 1, 2, 5 and 10"])
def test_short_ascii_text_formulas_and_lists_are_not_taken_for_noise(kept):
    line = f"园区在{kept}各季度均有项目签约，全年总投资86亿元，同比增长两成，其中外资项目12个。"
    assert kept in clean_text(line).text


def test_noise_glued_to_a_sentence_goes():
    c = clean_text("4 x0 k2 F ^- a4 L f# M 上午，园区举行集中签约仪式，11家企业签约入驻，总投资17亿元。")
    assert c.text.startswith("上午，园区举行集中签约仪式")


def test_photo_credits_captions_and_doubled_captions_go():
    page = ("园区新材料项目开工\n2024-03-18 10:20 来源：示例日报\n"
            "园区新材料项目总投资10.3亿元，占地92亩，达产后年产值25亿元。图为施工现场。张三 摄\n"
            "項目負責人與來賓參加開工儀式。（圖：某某管委會提供）\n"
            "施工现场一角，工人们正在紧张作业\n施工现场一角，工人们正在紧张作业\n"
            "项目计划明年投产，可带动就业600人，年纳税1.2亿元。\n")
    c = clean_text(page)
    assert "张三 摄" not in c.text and "提供" not in c.text and "開工儀式" not in c.text
    assert c.text.count("施工现场一角") <= 1
    assert "总投资10.3亿元" in c.text and "可带动就业600人" in c.text


def test_spam_glued_before_a_dateline_is_cut_and_the_outlet_kept():
    c = clean_text("某某官网入口新华网北京2月23日电 记者从园区获悉，某产业园今年新签约项目12个，总投资86亿元。\n"
                   "园区继续推进项目建设，计划年底前全部开工，全年完成投资40亿元。")
    assert c.outlet == "新华网" and "官网" not in c.text and c.text.startswith("新华网北京2月23日电")


@pytest.mark.parametrize("first_line, outlet", [
    ("新华社北京2月23日电 园区今年新签约项目12个，总投资86亿元，其中新能源项目5个。", "新华社"),
    ("（中央社記者王小明台北26日電）園區今年新增投資案166件，總金額1745億元。", "中央社"),
    ("中新社记者南京九月十八日电(记者某某)园区今天正式开园，首批入驻项目二十多个。", "中新社"),
    ("西部网讯 (记者某某)园区项目集中签约与开工仪式今天举行，开工项目总投资17亿元。", "西部网"),
    ("四川在线消息(记者 某某)9月26日,园区举行重大项目集中开工仪式,总投资448.82亿元。", "四川在线"),
    ("本报讯 记者日前从商务部门获悉,一季度全区签约引进项目14个,协议投资总额148.23亿元。", None),
    # A dateline with the full date, in either script, and a correspondent's 專電.
    ("（中央社記者王大明台中2024年11月8日電）園區今年新增投資案166件，總金額1745億元。", "中央社"),
    ("（中央社记者王大明台中2024年11月8日电）园区今年新增投资案166件，总金额1745亿元。", "中央社"),
    ("（中央社記者王大明台中2024年11月8日電）", "中央社"),  # on its own line
    ("（中央社記者王大明東京8日專電）日商今天宣布在台中園區設廠，投資金額約新台幣200億元。", "中央社"),
    # A reporter and a city without an outlet: none is made up.
    ("【記者王大明／台北報導】園區今年新增投資案166件，總金額1745億元。", None),
    ("（記者王大明／高雄報導）園區今年新增投資案166件，總金額1745億元。", None),
    ("他在接受新华社记者采访时说，园区今年的投资额将超过百亿元，同比增长两成。", None),
])
def test_outlet_from_datelines_wire_and_reporter_lines(first_line, outlet):
    body = "\n园区继续推进项目建设，计划年底前全部开工，全年完成投资40亿元。"
    assert clean_text(first_line + body).outlet == outlet


@pytest.mark.parametrize("page, date", [
    # A scraper's metadata prefix, then the article.
    (" date 2025-11-26 配合行政院政策，園管局26日公布成果，目前已啟動9處新園區，總開發面積逾560公頃。", "2025-11-26"),
    # An ROC date in Taiwanese text; 民國 makes it one anywhere.
    ("園區招商成果\n民國114年11月19日\n園管局今年已促成166件投資案，總金額高達新臺幣1745億元。", "2025-11-19"),
    ("園區招商成果\n發布日期：114年11月19日\n園管局今年已促成166件投資案，總金額高達新臺幣1745億元。", "2025-11-19"),
    # A header glued into one line: title, publication time, dateline.
    ("科技园正式开园 2001年09月18日 22:07 中新社记者南京九月十八日电 今天科技园正式开园，首批项目二十多个。",
     "2001-09-18"),
    # A dateline's month and day alone, or an event date in the lead: no year is guessed.
    ("新华社北京2月23日电 园区今年新签约项目12个，总投资86亿元。", None),
    # A dateline that writes the year gives its date, on its own line or opening the lead; one
    # that writes the day alone takes the year and month written near the top, or gives none.
    ("台中園區招商創新高\n（中央社記者王大明台中2024年11月8日電）園管局今天公布成果，今年新增投資案166件。",
     "2024-11-08"),
    ("台中园区招商创新高\n（中央社记者王大明台中2024年11月8日电）\n园管局今天公布成果，今年新增投资案166件。",
     "2024-11-08"),
    ("台中園區招商創新高\n2024年11月\n（中央社台北8日電）園管局今天公布成果，今年新增投資案166件。", "2024-11-08"),
    ("台中園區招商創新高\n（中央社台北8日電）園管局今天公布成果，今年新增投資案166件，總金額1745億元。", None),
    ("截至2024年12月31日，园区累计引进项目120个，总投资达到560亿元，其中外资项目18个。", None),
    # A relative day with the year and month written near the top; without them, no date.
    ("園區招商成果\n2025年11月 記者王小明\n園管局今（19）日舉行招商成果發表會，宣布今年已促成166件投資案。", "2025-11-19"),
    ("园区招商成果\n2025年11月\n园管局昨（十八）日举行招商成果发布会，宣布今年已促成166件投资案。", "2025-11-18"),
    ("園區招商成果\n園管局今（19）日舉行招商成果發表會，宣布今年已促成166件投資案，總金額1745億元。", None),
    # A copyright year is not a date.
    ("园区项目开工\n园区项目今天开工，总投资10亿元，占地200亩。\n版权所有 © 2024 某某网", None),
])
def test_dates_from_bylines_datelines_and_roc_years(page, date):
    assert clean_text(page).date == date


@pytest.mark.parametrize("stamp, date, outlet, author", [
    ("2024年11月8日 上午 10:30", "2024-11-08", None, None),
    ("2024年11月8日 週五 下午 3:05", "2024-11-08", None, None),
    ("2024-11-08 10:30 AM", "2024-11-08", None, None),
    ("08-11-2024 16:27", "2024-11-08", None, None),  # day first, as Hong Kong sites write it
    ("青松新聞網 2024年11月8日 上午 10:30", "2024-11-08", "青松新聞網", None),
    # A reporter line above the time stamp: the stamp still gives the date.
    ("【記者王大明／台北報導】\n2024年11月8日 上午 10:30", "2024-11-08", None, "王大明"),
    ("（記者王大明／高雄報導）", None, None, "王大明"),
])
def test_time_stamps_and_reporter_lines_give_no_outlet_of_their_words(stamp, date, outlet, author):
    c = clean_text(f"台中園區招商創新高\n{stamp}\n園管局今天公布成果，今年新增投資案166件，總金額1745億元，帶動就業三千人。")
    assert (c.date, c.outlet, c.author) == (date, outlet, author)


@pytest.mark.parametrize("line, outlet", [
    ("來源：中時新聞網", "中時新聞網"),
    ("資料來源：自由時報", "自由時報"),
    ("新聞來源：聯合新聞網", "聯合新聞網"),
    ("【新聞來源：經濟日報】", "經濟日報"),
    ("资料来源／东海晚报", "东海晚报"),
    ("來源：青松新聞網／記者王大明", "青松新聞網"),
    ("新聞來源：雲林日報（記者王大明）", "雲林日報"),
    ("文章来源:http://www.example.cn/2024/1108/1.shtml", "http://www.example.cn"),
    ("来源:示例日报发布时间:2017-06-22", "示例日报"),  # the next label glued to the name
])
def test_outlet_from_a_source_line_in_either_script(line, outlet):
    body = "園管局今天公布成果，今年新增投資案166件，總金額1745億元，帶動就業三千人。"
    assert clean_text(f"台中園區招商創新高\n{body}\n{line}").outlet == outlet
    assert clean_text(f"台中園區招商創新高\n{line}\n{body}").outlet == outlet


def test_title_is_never_a_menu_a_forum_note_or_a_widget_line():
    page = ("首 頁 要聞 時政 經濟 園區 視頻 專題\n本帖最后由 abc 于 2015-3-2 10:20 编辑\n【大 中 小】 【打 印】\n"
            "园区重点项目集中开工\n2024-03-18 10:20 来源：示例日报\n"
            "园区重点项目今天集中开工，总投资120亿元，共计38个项目。\n")
    assert clean_text(page).title == "园区重点项目集中开工"


def test_a_subtitle_of_figures_is_kept_and_not_the_title():
    page = ("我市第二季度集中开工186个重大项目\n总投资1238亿元,年计划投资401亿元\n"
            "日期:2024-04-26 09:38 来源:发改委\n近日，全市第二季度重大项目集中开工活动举办，共开工186个重大项目，"
            "涉及新一代信息技术、新能源和光电等产业。\n")
    c = clean_text(page)
    assert c.title == "我市第二季度集中开工186个重大项目" and "年计划投资401亿元" in c.text
    assert (c.date, c.outlet) == ("2024-04-26", "发改委")


def test_a_person_above_the_date_is_the_author_and_a_site_the_outlet():
    person = clean_text("园区一期建设加速度\n肖明远\n2012-12-25 09:13:46\n园区以回归创业园为载体，加快推进园区经济发展，已落户企业15家。")
    site = clean_text("园区一期建设加速度\n我的某某\n2012-12-25 09:13:46\n园区以回归创业园为载体，加快推进园区经济发展，已落户企业15家。")
    assert (person.outlet, person.author) == (None, "肖明远") and site.outlet == "我的某某"


def test_a_government_breadcrumb_names_the_publisher_when_the_header_does_not():
    page = ("您所在的位置: 青岚区发展和改革委员会工作动态\n区领导观摩检查亿元以上新开工项目\n"
            "发布时间: 2016-03-30 作者: 发改委\n1-3月份，亿元以上新开工项目49个，总投资92.8亿元。\n")
    c = clean_text(page)
    assert (c.title, c.date, c.outlet) == ("区领导观摩检查亿元以上新开工项目", "2016-03-30", "青岚区发展和改革委员会")
    assert "您所在的位置" not in c.text
    plain = clean_text("当前位置：首页 > 新闻中心\n某某项目开工\n2024-01-02\n某某项目今日开工，总投资10亿元。")
    assert plain.outlet is None  # a trail of sections names no publisher


def test_page_without_a_title_is_titled_by_its_first_sentence(tmp_path):
    (tmp_path / "a.txt").write_text("近日，某某高新区与三家企业签约，总投资达到二十二亿元，涉及新材料和生物医药等多个产业领域。"
                                    "项目计划年内开工。", encoding="utf-8")
    docs, _ = ingest_folder(tmp_path)
    assert docs[0].title == "近日，某某高新区与三家企业签约，总投资达到二十二亿元…"


def test_list_items_ending_in_a_semicolon_after_the_last_long_paragraph_are_kept():
    page = ("县里三个项目集中签约\n2024-03-22 18:45 来源：示例新闻网\n"
            "其中，甲光伏组件项目由甲新能源科技有限公司投资建设，总投资15亿元，占地280亩，年产光伏组件2GW；\n"
            "乙食品加工项目总投资8亿元，占地120亩，达产后年产值12亿元；\n"
            "总投资10亿元的丙物流园项目将建设仓储设施20万平方米。\n")
    assert "乙食品加工项目总投资8亿元" in clean_text(page).text


@pytest.mark.parametrize("first", ["2022年04月08日\n第A01版:要闻", "close", "專頁\n貼文"])
def test_title_is_never_a_newspapers_page_label_or_a_dialogs_button(first):
    page = (f"{first}\n青岚经开区举行招商引资项目集中签约仪式\n"
            "本报讯 4月7日，青岚经开区举行招商引资项目集中签约仪式，此次共签约6个项目，协议总投资60亿元，涵盖多个领域。\n")
    assert clean_text(page).title == "青岚经开区举行招商引资项目集中签约仪式"


def test_a_live_report_s_timeline_after_the_last_paragraph_is_kept():
    """A live report lists the ceremony's steps under their times after the prose; its lines carry
    the facts (who hosted, the count and investment) and stay. A related list without times goes."""
    prose = "据了解，今年第一季度集中开工的重大项目共有12个，总投资58亿元，其中产业类项目6个。"
    timeline = ["9:25", "县委书记张某宣布全县重大项目集中开工", "9:00", "常务副县长李某主持仪式", "8:50",
                "鹭湖县本次集中开工项目12个,项目总投资58亿元"]
    text = clean_text("\n".join([prose] + timeline)).text
    assert "常务副县长李某主持仪式" in text and "鹭湖县本次集中开工项目12个" in text
    related = ["相关新闻", "鹭湖县举行重大项目集中开工仪式", "鹭湖县一季度项目签约12个"]
    text = clean_text("\n".join([prose] + related)).text
    assert "相关新闻" not in text and "鹭湖县一季度项目签约12个" not in text


def test_a_press_release_s_spokesperson_line_is_kept_and_its_phone_is_not():
    """A government press release ends with who speaks for it and how to reach them: the name and
    post stay, the telephone and e-mail lines go."""
    prose = "鹭湖園區今年營業額達210億元，年增5.52%，表現相當亮眼。"
    page = "\n".join([prose, "本案發言人:王大明 副處長", "聯絡電話:(07)361-1212", "電子信箱:abc@example.gov.tw"])
    text = clean_text(page).text
    assert "本案發言人:王大明 副處長" in text and "361-1212" not in text and "abc@example" not in text
