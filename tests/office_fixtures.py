"""Synthetic PDF and Word files for the format tests, laid out the way report producers do it:
wrapped paragraphs, running headers and page numbers, a two-column page, ruled tables and tables
without rules of project figures, a scanned (image-only) page. The text is made up; the fonts are
reportlab's built-in CID fonts, so no system font is needed."""

from __future__ import annotations

import io
from pathlib import Path

HANS = "STSong-Light"
HANT = "MSung-Light"

PARA = ("本年度园区共实施重点项目38个，总投资达到120.5亿元，其中新开工项目12个，续建项目26个，"
        "全年完成固定资产投资46.8亿元，同比增长12.4%，年产能200台套的风机总装厂已经建成投产。")
LEFT = ("甲乙新材料项目位于园区东区，总投资10.3亿元，占地92亩，建设高性能磁材生产线4条，"
        "达产后预计年产值25亿元，可带动就业600人，目前主体厂房已经封顶。")
RIGHT = ("丙丁储能电池项目总投资8亿元，截至年底已完成投资5.2亿元，一期工程开工率83.3%，"
         "计划明年二季度试生产，届时年产能达到2吉瓦时，配套建设研发中心一处。")
TABLE = [["项目名称", "总投资（亿元）", "占地（亩）", "建设状态"],
         ["甲乙新材料项目", "10.3", "92", "在建"],
         ["丙丁储能电池项目", "8", "150", "在建"],
         ["戊己智能装备项目", "3.6", "45", "投产"]]
# Tables drawn without rules: the columns aligned with spaces, and placed by the producer.
SPACED = [["项目名称", "总投资", "占地"], ["白鹭港仓储中心项目", "4.6亿元", "88亩"],
          ["青石湾冷链物流项目", "2.1亿元", "35亩"], ["云杉岭数据中心项目", "12亿元", "120亩"]]
PLACED = [["项目名称", "年产值", "带动就业"], ["松涛湾光伏组件项目", "15亿元", "800人"],
          ["柳荫渡医疗器械项目", "6.5亿元", "320人"]]
HANT_PARA = ("本園區今年共推動重點項目二十個，總投資達到六十五億元，其中半導體封裝測試項目投資"
             "十八億元，預計明年第三季量產，年產值可望突破四十億元，並新增就業機會一千二百個。")


def _styles(font: str):
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, wordWrap="CJK",
                          spaceAfter=8)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, spaceAfter=12)
    return body, title


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    for font in (HANS, HANT):
        pdfmetrics.registerFont(UnicodeCIDFont(font))


def report_pdf(path: Path, pages: int = 4, font: str = HANS, title: str = "园区重点项目建设情况报告",
               header: str = "某某高新区管委会2024年度报告") -> Path:
    """A report: a title, wrapped paragraphs, a two-column stretch and a ruled table on page 2,
    a running header and a page number on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, NextPageTemplate,
                                    PageBreak, PageTemplate, Paragraph, Table, TableStyle)

    _register()
    body, head = _styles(font)
    w, h = A4

    def furniture(canvas, doc):
        canvas.setFont(font, 9)
        canvas.drawString(60, h - 40, header)
        canvas.drawCentredString(w / 2, 30, f"- {doc.page} -")

    full = Frame(60, 60, w - 120, h - 130, id="full")
    top = Frame(60, h / 2, w - 120, h / 2 - 70, id="top")
    left = Frame(60, 60, (w - 140) / 2, h / 2 - 60, id="left")
    right = Frame(80 + (w - 140) / 2, 60, (w - 140) / 2, h / 2 - 60, id="right")
    doc = BaseDocTemplate(str(path), pagesize=A4, title=title, author="园区管委会")
    doc.addPageTemplates([PageTemplate("one", [full], onPage=furniture),
                          PageTemplate("two", [top, left, right], onPage=furniture)])
    story = [Paragraph(title, head), Paragraph(PARA, body), Paragraph(PARA.replace("本年度", "上年度"), body),
             NextPageTemplate("two"), PageBreak(), Paragraph("二、分区项目进展", head),
             Paragraph(PARA.replace("38个", "40个"), body), FrameBreak(),
             Paragraph(LEFT, body), Paragraph(LEFT.replace("甲乙", "庚辛"), body), FrameBreak(),
             Paragraph(RIGHT, body), Paragraph(RIGHT.replace("丙丁", "壬癸"), body),
             NextPageTemplate("one"), PageBreak()]
    table = Table(TABLE, style=TableStyle([("FONT", (0, 0), (-1, -1), font, 10),
                                           ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story += [Paragraph("三、重点项目一览", head), table, Paragraph(PARA.replace("38个", "41个"), body)]
    for k in range(3, pages):
        story += [PageBreak(), Paragraph(f"{'四五六七八九'[(k - 3) % 6]}、其他事项", head),
                  Paragraph(PARA.replace("38个", f"{k + 40}个"), body)]
    doc.build(story)
    return path


def plain_pdf(path: Path, paragraphs: list[str], font: str = HANS, title: str | None = None) -> Path:
    """A one-column PDF of the given paragraphs (wrapped, with a title line when given)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    _register()
    body, head = _styles(font)
    story = ([Paragraph(title, head)] if title else []) + [Paragraph(p, body) for p in paragraphs]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def _space_aligned(rows: list[list[str]], font: str, size: float) -> str:
    """Rows as lines whose columns a typist aligned with spaces: each cell padded to its column's
    widest cell and two spaces more."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    space = stringWidth(" ", font, size)
    widths = [max(stringWidth(r[k], font, size) for r in rows) + 2 * space for k in range(len(rows[0]))]
    return "\n".join("".join(c + " " * round((w - stringWidth(c, font, size)) / space) for c, w in zip(r, widths))
                     .rstrip() for r in rows)


def unruled_pdf(path: Path, font: str = HANS) -> Path:
    """A three-page report with tables drawn without rules: on page 2 the SPACED table, its
    columns aligned with spaces, between two paragraphs; on page 3 the PLACED table, its cells
    placed at column positions (a table without a grid)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, Preformatted, SimpleDocTemplate, Table, TableStyle

    _register()
    body, head = _styles(font)
    typed = ParagraphStyle("typed", fontName=font, fontSize=10, leading=16, spaceAfter=8)
    story = [Paragraph("园区物流与制造项目情况", head), Paragraph(PARA, body), PageBreak(),
             Paragraph("二、物流项目一览", head), Paragraph(LEFT, body),
             Preformatted(_space_aligned(SPACED, font, 10), typed), Paragraph(RIGHT, body), PageBreak(),
             Paragraph("三、制造项目一览", head),
             Table(PLACED, style=TableStyle([("FONT", (0, 0), (-1, -1), font, 10)]), hAlign="LEFT"),
             Paragraph(PARA.replace("38个", "41个"), body)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def scanned_pdf(path: Path, text_pages: list[str] | None = None) -> Path:
    """A PDF whose pages are images only (a scan), after the given text pages if any."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    _register()
    c = canvas.Canvas(str(path), pagesize=A4)
    for text in text_pages or []:
        c.setFont(HANS, 11)
        c.drawString(60, 760, text)
        c.showPage()
    buf = io.BytesIO()
    Image.new("L", (200, 280), 200).save(buf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 60, 60, 400, 560)
    c.showPage()
    c.save()
    return path


def report_docx(path: Path, title: str = "园区重点项目建设情况报告") -> Path:
    """A Word report: a title, paragraphs and a table of the first two projects between them,
    saved on 2024-05-06."""
    from datetime import datetime

    import docx

    d = docx.Document()
    d.core_properties.title = title
    d.core_properties.modified = datetime(2024, 5, 6, 9, 30)
    d.add_heading(title, level=1)
    d.add_paragraph(PARA)
    table = d.add_table(rows=3, cols=len(TABLE[0]))
    for r, row in enumerate(TABLE[:3]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_paragraph(LEFT)
    d.save(str(path))
    return path
