"""The Figures tab in a real browser (issue 27): at a desktop and a phone width every header is on
one line and every column is reachable; the chart over time draws a line.

Debian's Chromium driven by Playwright, the real model; never a downloaded browser.
"""

import re
import shutil

import pytest

from bench.common import ROOT, serving

pytestmark = pytest.mark.real
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server(e5, tmp_path_factory):
    """A server over the seeds and the synthetic reports of the figure table (星河 reported on
    several dates)."""
    from rag.build import build_index

    tmp = tmp_path_factory.mktemp("figures-tab")
    shutil.copytree(ROOT / "seeds", tmp / "docs")
    for f in (ROOT / "tests" / "data" / "figures_corpus").iterdir():
        shutil.copy(f, tmp / "docs" / f.name)
    build_index(tmp / "docs", tmp / "ix", e5, progress=False)
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "serve-figures-tab.log", "w") as log, serving(tmp / "ix", stdout=log) as (url, _):
        yield url


def _figures_tab(browser, url: str, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.get_by_role("tab", name="Figures · 数字").click()
    page.locator("#f-count").get_by_text(re.compile(r"^\d+ figures")).wait_for(timeout=30000)
    page.locator("#f-table thead th").first.wait_for(timeout=10000)
    return page


# Each header: its height and its label's, the label's width against the room it has.
HEADERS = """() => [...document.querySelectorAll('#f-table thead th')].map(th => {
  const label = th.querySelector('.header'), style = getComputedStyle(label);
  return {text: label.innerText, lines: Math.round(label.getBoundingClientRect().height / parseFloat(style.lineHeight)),
          fits: label.scrollWidth <= label.clientWidth + 1, right: th.getBoundingClientRect().right};
})"""
# The element that scrolls the table sideways: how far it can scroll and where it ends on screen.
SCROLLER = """() => { const t = document.querySelector('#f-table table');
  let e = t.parentElement;
  while (e && !(e.scrollWidth > e.clientWidth && /auto|scroll/.test(getComputedStyle(e).overflowX))) e = e.parentElement;
  return e ? {scroll: e.scrollWidth - e.clientWidth, right: e.getBoundingClientRect().right} : null; }"""


@pytest.mark.parametrize("width, height", [(1400, 900), (390, 844)])
def test_every_header_is_on_one_line_and_every_column_reachable(browser, server, width, height):
    page = _figures_tab(browser, server, width, height)
    try:
        headers = page.evaluate(HEADERS)
        assert [h["text"] for h in headers] == ["subject", "metric", "figure", "value", "period", "date", "outlet",
                                                "document", "at"]
        assert all(h["lines"] == 1 and h["fits"] for h in headers), headers
        scroller = page.evaluate(SCROLLER)
        if headers[-1]["right"] > width:  # columns beyond the screen: the table scrolls to them
            assert scroller and scroller["scroll"] >= headers[-1]["right"] - scroller["right"] - 1, scroller
        page.locator("#f-table").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"figures-{width}.png"))
    finally:
        page.close()


def test_the_chart_over_time_draws_a_line_for_each_subject_reported_on_several_dates(browser, server):
    page = _figures_tab(browser, server, 1400, 900)
    try:
        page.locator("#f-metric textarea, #f-metric input").first.fill("总投资")
        page.locator("#f-apply").click()
        page.locator("#f-count").get_by_text(re.compile(r"charts: 总投资（亿元）")).wait_for(timeout=20000)
        # Each subject's line: its label (date, value, subject of its first point) and its points.
        drawn = """() => [...document.querySelectorAll('#f-line .mark-line path')].map(
            p => [p.getAttribute('aria-label'), (p.getAttribute('d').match(/[ML]/g) || []).length])"""
        page.wait_for_function(f"() => ({drawn})().some(([label]) => label.includes('星河'))", timeout=10000)
        points = {label.split("subject: ")[1]: n for label, n in page.evaluate(drawn)}
        # a line per entity, under its fullest name (both scripts' reports on one line)
        assert points["星河新能源电池项目"] == 3 and points["蓝鲸智能装备产业园项目"] == 2, points
        page.locator("#f-line").screenshot(path=str(ARTIFACTS / "figures-line.png"))
    finally:
        page.close()
