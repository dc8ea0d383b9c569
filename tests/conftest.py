import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench.common: shared with the benchmarks

# No model hub here: a name that is not a local folder must fail at once, not after retries.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from embeddings.fake import FakeEmbedder

ARTICLE = (
    "新华产业园：新能源项目加速落地\n"
    "2024-03-18 10:20  来源：示例日报\n"
    "首页 新闻 财经 科技 图片 视频\n"
    "近日，示例市新能源产业园迎来重大项目集中开工，总投资10.3亿元的储能电池项目正式动工。"
    "该项目占地近300亩，建成后年产能达到200台套，预计年产值可达25亿元。\n"
    "(资料图片仅供参考)\n"
    "项目负责人介绍，今年一季度园区开工率达83.3%，同比增长1.9倍，产能约占全省的1/3。"
    "园区已引进配套企业30家以上，带动就业1,200人。\n"
    "分享到：\n"
    "责任编辑：王五\n"
    "相关阅读\n"
    "另一条新闻的标题 又一条新闻\n"
    "阅读量：1024\n"
)


@pytest.fixture
def fake():
    return FakeEmbedder(32)


@pytest.fixture
def corpus(tmp_path):
    """A small folder of synthetic articles in both scripts."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (docs / "b.txt").write_text(
        "臨港區招商引資成效顯著\n2022年5月28日 威海日報\n"
        "臨港區行政審批服務局把審批時間整體壓縮了60%以上，12個省級重點項目開工率達83.3%。"
        "優康利萊健康產業園項目總投資八億元，佔地面積6000餘平方米。\n", encoding="big5")
    (docs / "c.md").write_text(
        "# 碳纤维产业园扩容\n\n临港区为碳纤维产业链扩张储备了500亩土地，"
        "邦德汽车轻量化项目的投资方是深圳邦德复合材料制品有限公司。\n", encoding="utf-8")
    return docs


@pytest.fixture(scope="session")
def e5():
    """The real bundled model as shipped by default, ONNX int8 (real tier only)."""
    from embeddings import DEFAULT_MODEL, get_embedder

    return get_embedder(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def e5_fp32():
    """The fp32 reference the default model is exported from."""
    from embeddings import get_embedder

    return get_embedder("multilingual-e5-small")


@pytest.fixture(scope="session")
def seeds_index(e5, tmp_path_factory):
    """A real index of seeds/ with the default model, built once per test session."""
    from rag.build import build_index
    from rag.index import load_index

    folder = tmp_path_factory.mktemp("real") / "index"
    build_index(Path(__file__).resolve().parents[1] / "seeds", folder, e5, progress=False)
    return load_index(folder)


@pytest.fixture(params=["milvus-lite", "milvus-server"])
def milvus_store(request, tmp_path):
    """A Milvus ``--store`` for this test alone: Milvus Lite in-process, or a Milvus server reached
    over loopback at ``milvus://HOST:PORT/collection``, as a cluster is."""
    if request.param == "milvus-lite":
        yield f"milvus-lite:{tmp_path / 'm.db'}"
        return
    from bench.common import milvus_server

    with milvus_server(tmp_path / "milvus-data") as address:
        yield f"milvus://{address}/parks"


CHROMIUM = "/usr/bin/chromium"  # Debian's; never a downloaded browser
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a module of browser tests (Playwright's sync API allows one at a time)."""
    import shutil

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
