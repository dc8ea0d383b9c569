"""Read a folder of scraped articles: find files, detect encodings, clean, extract metadata.

Cleaning rules are written for scraped Chinese news pages in general: they match categories of
boilerplate (menus, prompts, counters, editorial lines, copyright, image placeholders), not
phrases of particular pages. Keyword rules run on the Simplified form of a line, so one list
serves both scripts.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .formats import FormatError, read_docx, read_pdf
from .meta import (CLOCK, dateline_date, dateline_outlet, find_date, is_person_name, relative_date,
                   without_date_and_time)
from .textnorm import HAN as _HAN
from .textnorm import detect_script, match_form
from .types import Document, Skipped

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PAGED_SUFFIXES = {".pdf": "pdf", ".docx": "docx"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | set(PAGED_SUFFIXES)
MAX_BYTES = 20 * 1024 * 1024  # larger files are reports or dumps, not articles
# What the cleaning code is: an index reuses a document read by the same code from the same bytes.
CLEANER_REVISION = hashlib.sha256(b"".join(
    (Path(__file__).parent / f).read_bytes() for f in ("ingest.py", "formats.py", "meta.py", "textnorm.py")
)).hexdigest()[:16]

_SIGNATURES = {
    b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image",
    b"PK\x03\x04": "zip archive", b"%PDF": "PDF document", b"\x7fELF": "executable",
    b"\x1f\x8b": "gzip archive", b"Rar!": "RAR archive", b"7z\xbc\xaf": "7z archive",
    b"\xd0\xcf\x11\xe0": "MS Office document",
}
_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]


class DecodeError(ValueError):
    """The bytes are not readable text; the message is the reason shown in the build report."""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)
# Pages declare the narrower standard; decode with its superset so no character is lost.
_CHARSET_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs",
                     "cp950": "big5hkscs", "euc-cn": "gb18030"}


def decode_bytes(raw: bytes, html_page: bool = False) -> tuple[str, str]:
    """Decode a file's bytes: BOM, then strict UTF-8, then (for an HTML page) the charset its
    ``<meta>`` declares, then charset-normalizer's best guess. UTF-8 goes before the declared
    charset because re-saved pages keep a stale GBK declaration, and GBK decodes UTF-8 bytes
    into garbage without an error.

    Returns ``(text, encoding)``; raises DecodeError with a specific reason otherwise.
    """
    if not raw.strip():
        return "", "empty"
    for magic, kind in _SIGNATURES.items():
        if raw.startswith(magic):
            raise DecodeError(f"binary file ({kind})")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"has a {encoding} byte-order mark but is not valid {encoding}") from exc
    nuls = raw.count(b"\x00")
    if nuls:
        # A few NULs in otherwise valid UTF-8 are damage we can drop (padding, a bad copy); many
        # mean binary data. UTF-16 without a byte-order mark does not become valid UTF-8 this way.
        if nuls <= len(raw) // 10:
            try:
                return raw.replace(b"\x00", b"").decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
        raise DecodeError(f"binary file ({nuls} NUL bytes)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(raw[:4096]) if html_page else None
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            return raw.decode(_CHARSET_SUPERSET.get(name, name)), name
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong declaration: guess as for any file
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise DecodeError("undecodable: no text encoding fits its bytes")
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text) // 100:
        raise DecodeError(f"binary file (decodes as {best.encoding} only with {controls} control characters)")
    return text, best.encoding


# --- line-level cleaning -------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A pinyin gloss after a Han character: 項(xiàng). Needs a tone mark, so "(AI)" or "(GW)" stay.
_GLOSS_TONED = re.compile(rf"(?<=[{_HAN}])[(（](?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")
_GLOSS_ANY = re.compile(rf"(?<=[{_HAN}])[(（][a-zü{_TONED}]{{1,7}}[)）]")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
# Remnants of tags cut by a bad scrape, like "?!?/span>" (often after mojibake question marks).
_TAG_REMNANT = re.compile(
    r"[?？!\ufffd]*/(?:span|div|p|a|br|img|strong|em|font|section|li|ul|td|tr|table|h[1-6]|b|i|u)>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")

_SENT_END = "。！？!?…"
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
_IMAGE_FILE = re.compile(r"^(?:wechatimg|img|dsc|dscn|image|pic|photo|截图|微信图片)[_\- ]?\d+(?:\.\w{2,4})?$"
                         r"|^\S+\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.I)
_IMAGE_NOTE = re.compile(r"^[(（【\[]?[^。！？]{0,12}(?:图片|照片|配图|图源)[^。！？]{0,24}[)）】\]]?$"
                         r"|^图[为:：]|^[(（]?[^()（）。]{0,20}摄[)）]?$"
                         r"|^[▲△▼↑]"  # a caption marked as one
                         r"|^[^，。,]{2,20}(?:提供|供图)[)）]?$")  # a photo credit line: 经济部园管局提供
# A photo credit inside a line, in either script: （圖：經濟部園管局提供）, or 郭成辉 摄 after a sentence.
_CREDIT = re.compile(r"\s*[(（]\s*(?:图|圖|图片|圖片|照片|摄影|攝影|图源|圖源|资料图|資料圖)\s*[:：/／]"
                     rf"[^()（）]{{0,30}}[)）]|(?<=[。！？!?])\s*[{_HAN}·]{{2,12}}\s*[摄攝]影?\s*$")
# What a scraper glued to a line: a forum's edit note, and a metadata prefix before the page's text.
_EDIT_NOTE = re.compile(r"本帖最[后後]由.{1,30}?[于於]\s*\d{4}-\d{1,2}-\d{1,2}\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?"
                        r"\s*[编編][辑輯]")
_META_PREFIX = re.compile(r"^\s*(?:date|published|pubdate)\s*[:：]?\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:+.Z]+)?"
                          r"\s+(\S.*)$",
                          re.I)
# Anti-scraping noise of forums: runs of short ASCII tokens, many with punctuation ("4 x0 k2 F ^- a4").
_NOISE_RUN = re.compile(r"(?<![!-~])(?:[!-~]{1,3}\s+){3,}[!-~]{1,3}(?![!-~])")
NOISE_MIN_TOKENS = 4
NOISE_SHARE = 0.4  # of a run's tokens glued or mixed; forum noise measures 0.44-0.75 on real pages
CAPTION_CHARS = 80  # one sentence this short that ends with a photo credit is a caption
_CONTACT = re.compile(r"^(?:本案|新闻)?(?:发言人|联络人|联系人)\s*[:：]\s*[\u4e00-\u9fff]{2,4}")
_TIMESTAMP = re.compile(r"^\d{1,2}[:：]\d{2}$")
TIMELINE_MIN = 3  # time stamps on lines of their own that make a timeline, not one stray time


_BREADCRUMB = re.compile(r"^(?:当前位置|[您你]的位置|[您你]?所在的?位置|[您你]现在的位置|现在位置)\s*[:：]|^[>»]")
# The body a government site's breadcrumb names (您所在的位置: 高港区发展和改革委员会工作动态): the
# page's publisher when its header names none.
_PUBLISHER = re.compile(rf"[{_HAN}]{{2,20}}?(?:人民政府|管理委员会|委员会|管委会|政府|办公室|局|委)")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_PAREN_CREDITS = re.compile(r"^[(（]\s*(?:记者|通讯员|编辑|责任编辑|实习生|见习记者)[^()（）]{1,30}[)）]$")
# A line of reporters only: 封面新闻记者 王正元 / 河南台记者谭可 开封台记者董黎
_REPORTERS = re.compile(rf"^(?:[{_HAN}]{{0,10}}(?:记者|通讯员|实习生)\s*[{_HAN}]{{2,4}}(?:\s+[{_HAN}]{{2,4}})*\s*)+$")
_REPORTER_LABEL = re.compile(rf"[{_HAN}]{{0,10}}?(?:记者|通讯员|实习生)")
# An advertisement's call to action inside the article (点击免费用, 立即下载).
_AD = re.compile(r"点击免费|免费试用|免费领取|免费下载|立即下载|立即注册|立即咨询|限时免费|扫码领取")
# A header glued into one line: title, publication date and time, then the article.
_GLUED_HEADER = re.compile(r"^([^。！？!?]{4,60}?)\s+((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
                           r"\s+\d{1,2}:\d{2}(?::\d{2})?)\s+(\S.{20,})$")
# Lines made only of page-widget words: font size (大 中 小), print, favourite, share, ads.
_WIDGET_WORDS = {"大", "中", "小", "打印", "打", "印", "收藏", "详情", "广告", "分享", "评论", "点赞", "举报",
                 "纠错", "返回", "顶部", "关闭", "登录", "注册", "更多", "微信", "微博", "字号", "默认", "复制链接",
                 "close", "专页", "贴文"}  # a dialog's close button, a social page's tabs (專頁, 貼文)
# A printed newspaper's page label on its e-paper site: 第A01版:要闻, A3版, 第05版：经济
_PAGE_LABEL = re.compile(r"^第?[a-z]?\d{1,3}版(?:[:：]\s*\S{1,8})?$")
_PROMPT = re.compile(
    r"阅读(?:余下|剩余)?全文|展开全文|查看(?:更多|全文|原文)|点击(?:查看|阅读|进入|这里)|"
    r"登录|注册|解锁|扫一扫|扫码|关注我们|关注公众号|分享到|打开.{0,12}(?:看|阅读)|"
    r"上一篇|下一篇|返回(?:顶部|首页|列表)|打印本页|关闭窗口|字号|扫描二维码|"
    r"评论一下|我要评论|发表评论|抢沙发|参与热议|参与讨论")
_LIST_LABEL = re.compile(
    r"^(?:相关|延伸|推荐|热门|热点|精选|最新|最近|今日|猜你|更多|网友|频道|点击)"
    r"(?:阅读|新闻|文章|资讯|报道|推荐|视频|舆情|图文|更新|评论|喜欢|排行|专题|链接)")
_KEYWORDS = re.compile(r"^(?:文章)?(?:关键[词字]|标签|tags?)\s*[:：]", re.I)
_COUNTER = re.compile(r"^(?:阅读|浏览|点击|评论|点赞|收藏|转发|分享)(?:量|数|次数)?[:：]?\s*\d*$|^\d{1,7}$")
_EDITORIAL = re.compile(
    r"^[(（【\[]?\s*(?:来源|转自|转载自|责任编辑|责编|编辑|审核|审校|校对|签发|作者|记者|通讯员|"
    r"出品|监制|策划|统筹|文字|撰文|摄影|文|图)\s*[:：/]")
_COPYRIGHT = re.compile(r"版权所有|版权声明|免责声明|郑重声明|ICP备|公网安备|copyright|©|all rights reserved|"
                        r"未经.{0,10}(?:授权|许可).{0,10}转载|如需转载|转载请注明|版权归.{0,12}所有|"
                        r"仅为传播更多信息|本文网址|注明来源", re.I)
_MENU_SEP = re.compile(r"[ \t\u3000|｜丨/·•>»]+")

# A source label in either script (来源, 資料來源, 新聞來源, 出處) and the name after it, which ends at a
# space, a bracket, a slash or a separator (來源：經濟日報（記者王大明）, 來源／聯合新聞網); a link,
# at the end of its site.
# A name after a label, up to the next label glued to it (来源:某报发布时间:2017-06-22 names 某报)
_NAMED = (r"\s*[:：/／]\s*((?:(?!(?:发布|發布|更新)?(?:时间|時間|日期)|作者|编辑|編輯|记者|記者|点击|點擊|浏览|瀏覽)"
          r"(?:://|[^\s|｜丨·,，;；()（）\[\]【】/／])){2,30})")
_SOURCE = re.compile(rf"(?:来源|來源|出处|出處){_NAMED}")
_REPOST = re.compile(rf"(?:转自|轉自|转载自|轉載自){_NAMED}")
_AUTHOR = re.compile(rf"(?:(?:记者|記者|通讯员|通訊員|作者|撰文)\s*[:：/]?|(?:^|(?<=\s))文\s*[:：/丨|])\s*"
                     rf"([{_HAN}]{{2,4}})(?:[\s,，)）】/／]|$)")
# A credit line's name, up to the next label glued to it (编辑:陆珊珊责任编辑:叶双莲监制:阮周琳)
_CREDIT_NAME = (rf"\s*[:：/]?\s*([{_HAN}]{{2,4}}?)(?=(?:监制|監製|编辑|編輯|责编|責編|审核|審核|校对|校對|签发|簽發|"
                rf"来源|來源|作者|记者|記者|通讯员|通訊員|摄影|攝影)|[\s,，;；)）】〕\]/／|｜]|$)")
_REPORTER_CREDIT = re.compile(rf"(?:记者|記者|作者|撰文|(?:^|(?<=\s))文(?=\s*[:：/])){_CREDIT_NAME}")
_EDITOR_CREDIT = re.compile(rf"(?:责任编辑|責任編輯|责编|責編){_CREDIT_NAME}")
_BYLINE_LABELS = re.compile(r"(?:发布|發布|更新)?(?:时间|時間|日期)\s*[:：]?|(?:来源|來源)\s*[:：/／]\S*|"
                            r"(?:发表|發表)[于於]\s*[:：]?|\[[^\]]*\]|https?://\S+|www\.\S+|"
                            r"(?<![\w.])\d+(?![\w.])|[·|｜丨/▶►>\-]")


# Signs of text decoded with the wrong encoding: replacement characters and boxes, and runs of
# Latin-1 letters and Windows-1252 punctuation (UTF-8 or GBK bytes read as Latin-1: 鏂伴椈 aside,
# "æ–°é—»" or "ÖÐ¹ú"). Accented words of European text have such letters one at a time.
_BAD_CHAR = re.compile("[\u25a1\ufffd]")
_MOJIBAKE = re.compile("[\u00c0-\u00ff][\u0080-\u00ff\u0152-\u0192\u02c6-\u02dc\u2013-\u203a\u20ac\u2122]{2,}")
GARBLED_MIN = 3  # this many garbled characters make a document worth a warning


def garbled(text: str) -> str | None:
    """A build-report warning for text that looks wrongly decoded, or None. A mojibake run counts
    one character per two of its letters (a Han character takes two or three bytes)."""
    bad = len(_BAD_CHAR.findall(text))
    mojibake = sum(len(run) for run in _MOJIBAKE.findall(text)) // 2
    if bad + mojibake < GARBLED_MIN:
        return None
    return (f"garbled text (about {bad + mojibake} characters: boxes, replacement characters or "
            "mojibake): a wrong encoding or a font without a Unicode map?")


def strip_pinyin_glosses(text: str) -> str:
    """Remove pinyin glosses inserted after Han characters: ``大項(xiàng)目`` -> ``大項目``.

    Tone-marked glosses always go. Toneless ones (neutral tone, ``的(de)``) go only in a text
    that is visibly glossed (three or more tone-marked glosses), so ``(ok)`` elsewhere survives.
    """
    toned = len(_GLOSS_TONED.findall(text))
    return (_GLOSS_ANY if toned >= 3 else _GLOSS_TONED).sub("", text)


def strip_html_remnants(text: str) -> str:
    """Drop complete and truncated HTML tags and decode entities left in scraped text."""
    text = _TAG.sub("", text)
    text = _TAG_REMNANT.sub("", text)
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def _is_menu(line: str) -> bool:
    """Several short, unpunctuated words in a row: a channel or navigation menu, however long."""
    parts = [p for p in _MENU_SEP.split(line) if p]
    return (len(parts) >= 4 and sum(len(p) <= 6 for p in parts) >= 0.9 * len(parts)
            and not re.search(r"[，。！？、；：,;:!?“”\"\d]", line))


def _is_reporters(line: str) -> bool:
    """A line that only names reporters (封面新闻记者 王正元), not a name like 香港体育记者协会."""
    names = _REPORTER_LABEL.sub(" ", line).split()
    return bool(_REPORTERS.match(line)) and all(is_person_name(n) for n in names)


def _is_widgets(line: str) -> bool:
    """A line of page-widget words only: 【大 中 小】, 【打 印】, 收藏, 广告 广告, 评论 0."""
    words = [w for w in re.split(r"[\s【】\[\]()（）|｜丨:：]+", line) if w and not w.isdigit()]
    return bool(words) and all(w in _WIDGET_WORDS for w in words)


def boilerplate_reason(line: str) -> str | None:
    """Why a line is not article text (menu, prompt, counter, ...), or None to keep it."""
    s = match_form(line.strip()).lower()
    if not s:
        return None
    if _PUNCT_ONLY.match(s):
        return "punctuation"
    if _COPYRIGHT.search(s) and (len(s) <= 200 or "版权" in s[:20] or "声明" in s[:20]):
        return "copyright"
    if _is_menu(s):
        return "menu"
    if _KEYWORDS.match(s) and len(s) <= 80:
        return "keywords"
    if len(s) > 60:
        return None
    if _IMAGE_FILE.match(s) or _IMAGE_NOTE.match(s):
        return "image"
    if _COUNTER.match(s) or _is_widgets(s):
        return "counter"
    if _PAGE_LABEL.match(s):
        return "page-label"
    if _LIST_LABEL.match(s) and len(s) <= 12:
        return "related-list"
    if _EDITORIAL.match(s) or _PAREN_CREDITS.match(s) or _is_reporters(s):
        return "editorial"
    if _AD.search(s):
        return "ad"
    if len(s) <= 40 and _PROMPT.search(s) and not any(p in s for p in "。！？"):
        return "prompt"
    if _BREADCRUMB.match(s):
        return "breadcrumb"
    if _URL_LINE.match(s):
        return "link"
    return None


def _noise(run: str) -> bool:
    """Whether a run of short ASCII tokens is anti-scraping noise ("4 x0 k2 F ^- a4 L f#") rather
    than text, a formula or a list ("Q1 Q2 Q3", '"D = f / N"', "1, 2, 5 and 10"): noise tokens
    glue a letter or digit to a symbol other than punctuation and quotes ("p&", "K/") or mix
    letters and digits ("x0"), and at least two tokens hold a symbol."""
    tokens = run.split()
    symbols = [t for t in tokens if re.search(r"[#$%&*+\-/<=>@\\^_`|~?!]", t)]
    glued = [t for t in symbols if re.search(r"[A-Za-z0-9]", t)]
    mixed = [t for t in tokens if re.search(r"\d", t) and re.search(r"[A-Za-z]", t)]
    return (len(tokens) >= NOISE_MIN_TOKENS and len(glued) + len(mixed) >= NOISE_SHARE * len(tokens)
            and len(symbols) >= 2)


def repair_line(line: str) -> list[str]:
    """A scraped line without what scrapers glue to text: a metadata prefix (`` date 2025-11-26``)
    becomes a line of its own, and forum edit notes, anti-scraping noise runs and photo credits
    go. Returns the lines it becomes (none if nothing is left)."""
    m = _META_PREFIX.match(line)
    if m:
        return [m.group(1)] + repair_line(m.group(2))
    m = _GLUED_HEADER.match(line)
    if m:
        return [m.group(1), m.group(2)] + repair_line(m.group(3))
    before = line
    line = _EDIT_NOTE.sub(" ", line)
    line = _NOISE_RUN.sub(lambda r: " " if _noise(r.group(0)) else r.group(0), line)
    if line != before:
        line = re.sub(r"\s{2,}", " ", line)
    credited = _CREDIT.search(line)
    if credited:
        rest = _CREDIT.sub("", line).strip()
        if credited.end() >= len(line.rstrip()):
            sentences = [x for x in re.split(r"(?<=[。！？!?])", rest) if x.strip()]
            if len(sentences) <= 1 and len(rest) <= CAPTION_CHARS:
                return []  # one short sentence that ends with a photo credit is a caption
            if re.match(r"\s*(?:图为|圖為|图中|圖中)", sentences[-1]):
                rest = "".join(sentences[:-1]).strip()  # the caption at the end of a paragraph
        line = rest
    if len(line) <= 80 and not any(p in line for p in _SENT_END) and _PROMPT.search(match_form(line)):
        # 扫描二维码访问… 标题 扫描二维码…: the prompts around a title go, the title stays
        line = " ".join(w for w in line.split() if not _PROMPT.search(match_form(w)))
    return [line.strip()] if line.strip() else []


def _is_paragraph(line: str) -> bool:
    """A line that reads as article prose: long enough and with sentence punctuation."""
    return len(line) >= 40 and any(p in line for p in _SENT_END + "，,")


def _byline_rest(line: str) -> str:
    """What a byline says besides its date, time, labels, links and counts (often the outlet)."""
    rest = _BYLINE_LABELS.sub(" ", without_date_and_time(line))
    return " ".join(rest.split())


def _wordy(line: str) -> bool:
    """Whether most of a line is words (Han, letters, digits) rather than brackets and spaces."""
    return len(re.findall(rf"[{_HAN}A-Za-z0-9]", line)) >= 0.6 * len(line.strip())


def _first_sentence(text: str, limit: int = 30) -> str:
    """The first sentence of ``text``, cut to ``limit`` characters (at a clause break in its second
    half when there is one): the title of a page without one."""
    first = re.split(r"(?<=[。！？!?])|\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    breaks = [m.start() for m in re.finditer(r"[，,、；;：:]", first[:limit + 1]) if m.start() >= limit // 2]
    return first[:breaks[-1] if breaks else limit] + "…"


@dataclass
class Cleaned:
    """Cleaned article text and the metadata found while cleaning."""

    text: str
    title: str | None
    date: str | None
    outlet: str | None
    author: str | None
    editor: str | None = None
    pages: list[int] = field(default_factory=list)  # where each page starts in ``text`` (paged formats)


def _header(lines: list[str], roc: bool) -> tuple[int, dict, list[int]]:
    """Find the title/byline header among the first lines.

    Returns the index of the first body line, the metadata found, and the header lines to keep
    as body (a subtitle with figures). A byline is a short line with a full date, or a reporter
    line, within the first eight lines that are not boilerplate; the title is the longest line
    before it that has no comma and is mostly words (site names and slogans are shorter,
    subtitles have clauses). A byline with nothing before it (a scraper's date line) gives its
    date, and the title is looked for after it.
    """
    meta: dict = {}
    candidates: list[int] = []
    window = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if len(line) > 100:
            break
        dated = find_date(line, roc)
        is_byline = (dated and len(_byline_rest(line)) <= 30) or (
            len(line) <= 40 and _AUTHOR.search(line) and not _is_paragraph(line))
        if boilerplate_reason(line) and not is_byline:
            continue
        window += 1
        if window > 8:
            break
        if not is_byline:
            candidates.append(i)
            continue
        if dated:  # a reporter line has no date: one may follow
            meta.setdefault("date", dated)
        source, author = _SOURCE.search(line), _AUTHOR.search(line)
        rest = _byline_rest(line)
        named = _named_outlet(line)  # 河南台记者谭可, （中央社記者王大明台中2024年11月8日電）
        if author:
            meta.setdefault("author", author.group(1))
        if named:
            meta.setdefault("outlet", named[0])
        if source:
            meta.setdefault("outlet", source.group(1).strip("《》<>"))
        elif rest and not author and not named and re.search(rf"[{_HAN}A-Za-z]", rest):
            meta.setdefault("outlet", rest)
        if not candidates:
            continue  # a date line above the title: look for the title after it
        # The longest line is the title, but not a subtitle of clauses (总投资…，年计划…) nor a
        # line of widgets and brackets (CNML格式】 【 】 【打 印】).
        plain = [j for j in candidates if not re.search(r"[，,]", lines[j]) and _wordy(lines[j])] or candidates
        title_at = max(plain, key=lambda j: len(lines[j]))
        meta["title"] = lines[title_at].strip()
        above = lines[candidates[-1]].strip()
        if "outlet" not in meta and candidates[-1] != title_at and len(above) <= 20:
            if is_person_name(match_form(above)):
                meta.setdefault("author", above)  # a reporter's name above the date
            else:
                meta["outlet"] = above  # a site name above the date
        keep = [j for j in candidates if j > title_at and re.search(r"[，,、；;]|\d", lines[j])]
        return i + 1, meta, keep
    first = next((i for i, line in enumerate(lines) if line.strip() and not boilerplate_reason(line)
                  and not (find_date(line, roc) and len(_byline_rest(line)) <= 30)), None)
    if first is None:
        return len(lines), meta, []
    if len(lines[first]) <= 60 and lines[first].rstrip()[-1:] not in _SENT_END:
        meta["title"] = lines[first].strip()
        return first + 1, meta, []
    return first, meta, []


def clean_text(raw: str, markdown: bool = False) -> Cleaned:
    """Turn a scraped page's text into article text plus title, date, outlet and author.
    HTML remnants and pinyin glosses go first: they break the line rules of ``clean_lines``."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = strip_pinyin_glosses(strip_html_remnants(text)).split("\n")
    if markdown:
        lines = [_strip_markdown(line) for line in lines]
    return clean_lines(lines)


def clean_pages(pages: list[list[str]]) -> Cleaned:
    """``clean_text`` for a paged document (PDF, Word) given as lines per page; the result says
    where each page starts. Remnants go line by line, so every line keeps its page."""
    lines = [strip_html_remnants(line.replace("\x00", "")).replace("\n", " ") for p in pages for line in p]
    lines = strip_pinyin_glosses("\n".join(lines)).split("\n")
    return clean_lines(lines, [k + 1 for k, p in enumerate(pages) for _ in p])


def clean_lines(lines: list[str], page_of: list[int] | None = None) -> Cleaned:
    """Clean a document given as lines; ``page_of`` gives each line's page (1-based) for paged
    formats, and the result then says where each page starts.

    Order matters: lines are repaired first (glued metadata, noise, credits), repeated lines go,
    then the header (title/byline), datelines, boilerplate lines anywhere, and the trailing block
    after the last paragraph of prose (related lists, counters, sign-offs).
    """
    pages = page_of or [1] * len(lines)
    rows: list[tuple[str, int]] = []
    seen: set[str] = set()
    for line, p in zip(lines, pages):
        for part in repair_line(line.replace("\t", " ").strip(" \u3000\u00a0\ufeff")) or [""]:
            if len(part) >= 8 and part in seen:
                continue  # a repeated caption, ad or widget: the first is enough
            seen.add(part)
            rows.append((part, p))
    lines, pages = [r[0] for r in rows], [r[1] for r in rows]
    roc = detect_script("\n".join(lines[:50])) == "Hant"
    start, meta, keep = _header(lines, roc)
    body = [(lines[j], pages[j]) for j in keep] + list(zip(lines[start:], pages[start:]))
    _body_metadata(body, meta, roc)
    if "outlet" not in meta:
        crumb = next((line for line in lines[:start + 6] if _BREADCRUMB.match(line)), "")
        if publisher := _PUBLISHER.search(_BREADCRUMB.sub("", crumb)):
            meta["outlet"] = publisher.group(0)
    if not meta.get("date"):  # a dateline's date; 今（19）日 or 台北8日電 with the year and month near the top
        top = "\n".join(line for line in lines[:start + 6] if line)
        meta["date"] = dateline_date(match_form(top)) or relative_date(top)
    kept = [(line, p) for line, p in body if not boilerplate_reason(line)]
    last_prose = max((i for i, (line, _) in enumerate(kept) if _is_paragraph(line)), default=-1)
    # After the last paragraph of prose, a line without sentence punctuation is page furniture,
    # unless the lines there are a live report's timeline (9:25 / 县委书记…宣布…开工 / 9:10 / …).
    # A press release's spokesperson and contact (本案發言人:劉某 副處長) name people with their posts.
    tail = kept[last_prose + 1:]
    if sum(bool(_TIMESTAMP.match(line)) for line, _ in tail) < TIMELINE_MIN:
        tail = [(line, p) for line, p in tail
                if line and (line.rstrip()[-1] in _SENT_END + "”」』；;" or _CONTACT.match(match_form(line)))]
    kept = kept[:last_prose + 1] + tail
    title = meta.get("title")
    title_page = pages[start - 1] if start else 1
    paragraphs = ([(title, title_page)] if title else []) + [(line, p) for line, p in kept if line]
    starts: list[int] = []
    offset = 0
    for line, p in paragraphs:
        while len(starts) < p:
            starts.append(offset)
        offset += len(line) + 1
    return Cleaned(text="\n".join(line for line, _ in paragraphs), title=title, date=meta.get("date"),
                   outlet=meta.get("outlet"), author=meta.get("author"), editor=meta.get("editor"),
                   pages=starts if page_of else [])


def _credited(name: str) -> bool:
    """Whether a credit label's name (Simplified) is one: a person's full name, or a given name
    alone (晓锋), which is no dictionary word."""
    if is_person_name(name):
        return True
    import jieba

    return bool(re.fullmatch(f"[{_HAN}]{{2,3}}", name)) and not jieba.dt.FREQ.get(name)


def _named_outlet(line: str) -> tuple[str, int] | None:
    """The outlet a dateline, wire or reporter line names, in the line's own script, and how many
    leading characters are spam glued before it (0 if none)."""
    form = match_form(line)
    span = dateline_outlet(form)
    if span is None:
        return None
    start, end = span
    same = len(form) == len(line)  # NFKC and t2s keep positions on all but rare characters
    spam = start if start and not re.search(r"[\s(（【〔/]", form[start - 1]) else 0
    return (line[start:end] if same else form[start:end]), (spam if same else 0)


_DATE_AND_TIME = re.compile(rf"\d{{1,2}}\s*日?\s+{CLOCK}")


def _body_metadata(body: list[tuple[str, int]], meta: dict, roc: bool) -> None:
    """Date, outlet, reporter and editor from the body where the header gave none, in ``meta``; a
    spam keyword glued before a dateline is cut from its line in ``body``. Reporter and editor:
    from credit lines (记者 郑浩 通讯员…, 责任编辑:叶双莲), which the text itself leaves out.

    Outlet: a dateline, wire or reporter line among the first three lines, else a sign-off
    (``来源：``, ``转自：``). Date: a date with a clock time (a publication stamp, not an event)
    or a short date line among the first twelve lines, else a labelled date line anywhere."""
    top = [k for k, (line, _) in enumerate(body) if line.strip() and not boilerplate_reason(line)][:12]
    if "outlet" not in meta:
        for k in top[:3]:
            line, p = body[k]
            named = _named_outlet(line)
            if named:
                meta["outlet"], cut = named
                body[k] = (line[cut:], p)
                break
    if "date" not in meta:
        for k in top:
            line = body[k][0]
            head = line[:80]
            if (len(line) <= 30 or _DATE_AND_TIME.search(head)) and find_date(head, roc):
                meta["date"] = find_date(head, roc)
                break
    for line, _ in body:
        if len(line) <= 60 and not re.search("[。！？]", line):  # a credit line: its reporter and editor
            for key, credit in (("author", _REPORTER_CREDIT), ("editor", _EDITOR_CREDIT)):
                if key not in meta and (m := credit.search(line)) and _credited(match_form(m.group(1))):
                    meta[key] = m.group(1)
                    if key == "author" and "outlet" not in meta and (named := _named_outlet(line)):
                        meta["outlet"] = named[0]  # 河南经济报记者 郑浩
        if "outlet" not in meta:
            m = _SOURCE.search(line) or _REPOST.search(line)
            if m and boilerplate_reason(line) in {"editorial", "image", "copyright", None} and len(line) <= 60:
                if not re.search(r"图|圖", line[: m.start()]):
                    meta["outlet"] = m.group(1).strip("《》<>")
        if "date" not in meta and len(line) <= 40 and re.search(r"时间|時間|日期", line):
            meta["date"] = find_date(line, roc)


def _strip_markdown(line: str) -> str:
    line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)  # images
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links keep their text
    line = re.sub(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))", "", line)
    return re.sub(r"(\*\*|__|`)", "", line).strip()


def _extract_html(raw_html: str) -> Cleaned:
    """Main text and metadata of an HTML page via trafilatura, then the same cleaning rules.
    Dates come from the page's metadata only (trafilatura would otherwise take a copyright
    line's year for the date); the dateline rules of ``clean_text`` find the rest."""
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml.html.clean missing under justext
        raise FormatError(f"HTML extractor unavailable ({exc}); reinstall with `make install`") from exc

    doc = trafilatura.bare_extraction(raw_html, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_precision=True,
                                      date_extraction_params={"extensive_search": False, "original_date": True,
                                                              "outputformat": "%Y-%m-%d"})
    if doc is None:
        return Cleaned("", None, None, None, None)
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    cleaned = clean_text(get("text") or "")
    title = get("title") or cleaned.title
    body = cleaned.text
    if cleaned.title and title != cleaned.title and body.startswith(cleaned.title):
        body = body[len(cleaned.title):].lstrip("\n")
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    return Cleaned(text=body, title=title, date=get("date") or cleaned.date,
                   outlet=get("sitename") or cleaned.outlet, author=get("author") or cleaned.author,
                   editor=cleaned.editor)


# --- files -------------------------------------------------------------------------------

def discover(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Every file under ``root`` (sorted, recursive) that may be an article, and the rest with reasons.

    Symlinks are followed only when they stay inside ``root``; loops and broken links are reported.
    Hidden folders (a name starting with a dot: ``.removed``, ``.git``) are not read.
    """
    root = root.resolve()
    found: list[Path] = []
    skipped: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for d in list(dirnames):
            p = here / d
            if d.startswith("."):  # hidden folders (.removed, .git) hold no articles
                dirnames.remove(d)
                continue
            if p.is_symlink():
                dirnames.remove(d)
                skipped.append(Skipped(_rel(p, root), "symlinked folder (not followed)"))
        dirnames.sort()
        for f in sorted(filenames):
            p = here / f
            name = _rel(p, root)
            if p.is_symlink():
                try:
                    target = p.resolve(strict=True)
                except (OSError, RuntimeError):
                    skipped.append(Skipped(name, "broken or looping symlink"))
                    continue
                if root not in target.parents:
                    skipped.append(Skipped(name, "symlink points outside the documents folder"))
                    continue
            if p.suffix.lower() not in SUFFIXES:
                kind = p.suffix.lower() or "no extension"
                skipped.append(Skipped(name, f"unsupported file type ({kind}); "
                                             f"supported: {', '.join(sorted(SUFFIXES))}"))
                continue
            found.append(p)
    return found, skipped


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def ingest_file(path: Path, name: str, previous: dict[str, Document] | None = None) -> Document | Skipped:
    """Read, decode and clean one file into a Document, or say why it was skipped. A document in
    ``previous`` (by the sha256 of the file's bytes) is reused instead of read again."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Skipped(name, f"too large ({size / 1e6:.1f} MB; limit {MAX_BYTES / 1e6:.0f} MB)")
        raw = path.read_bytes()
    except OSError as exc:
        return Skipped(name, f"unreadable: {exc.strerror or exc}")
    digest = hashlib.sha256(raw).hexdigest()
    if previous and digest in previous:
        return replace(previous[digest], name=name, sentences=[])
    suffix = path.suffix.lower()
    warnings: list[str] = []
    try:
        if suffix in PAGED_SUFFIXES:
            fmt, encoding = PAGED_SUFFIXES[suffix], "binary"
            cleaned, warnings = _read_paged(path, fmt)
        else:
            text, encoding = decode_bytes(raw, html_page=suffix in HTML_SUFFIXES)
            if not text.strip():
                return Skipped(name, "empty file")
            fmt = "html" if suffix in HTML_SUFFIXES else "markdown" if suffix in {".md", ".markdown"} else "text"
            cleaned = _extract_html(text) if fmt == "html" else clean_text(text, markdown=fmt == "markdown")
    except (DecodeError, FormatError) as exc:
        return Skipped(name, str(exc))
    body = cleaned.text.removeprefix(cleaned.title or "")
    if len(re.findall(rf"[{_HAN}A-Za-z0-9]", body)) < 10:
        return Skipped(name, "no article text left after removing boilerplate")
    warnings += [w for w in [garbled(cleaned.text)] if w]
    return Document(
        doc_id=digest[:16], name=name, text=cleaned.text,
        title=cleaned.title or _first_sentence(cleaned.text) or Path(name).stem,
        date=cleaned.date, outlet=cleaned.outlet, author=cleaned.author, editor=cleaned.editor,
        script=detect_script(cleaned.text), encoding=encoding, raw_sha256=digest,
        format=fmt, pages=cleaned.pages if fmt == "pdf" else [], warnings=warnings,
    )


def _read_paged(path: Path, fmt: str) -> tuple[Cleaned, list[str]]:
    """A PDF or Word file cleaned like any page. The file's own title is taken when its first page
    shows it (producers often leave a placeholder there instead), and its own date only when the
    text has none (a file's dates say when it was saved, not when the report was issued)."""
    pages = read_pdf(path) if fmt == "pdf" else read_docx(path)
    cleaned = clean_pages(pages.lines)
    first = match_form("".join("".join(pages.lines[0]).split())) if pages.lines else ""
    if pages.title and match_form("".join(pages.title.split())) in first:
        cleaned.title = pages.title
    cleaned.date = cleaned.date or pages.date
    cleaned.author = cleaned.author or pages.author
    return cleaned, pages.warnings


def ingest_folder(root: Path, previous: dict[str, Document] | None = None) -> tuple[list[Document], list[Skipped]]:
    """Ingest every supported file under ``root``; duplicates (same bytes) are reported once.
    ``previous``: documents already read, by the sha256 of their bytes (``ingest_file``)."""
    paths, skipped = discover(root)
    docs: list[Document] = []
    by_hash: dict[str, str] = {}
    for path in paths:
        result = ingest_file(path, _rel(path, root.resolve()), previous)
        if isinstance(result, Skipped):
            skipped.append(result)
        elif result.raw_sha256 in by_hash:
            skipped.append(Skipped(result.name, f"duplicate of {by_hash[result.raw_sha256]}"))
        else:
            by_hash[result.raw_sha256] = result.name
            docs.append(result)
    return docs, skipped
