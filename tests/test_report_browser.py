"""The HTML report as a reader sees it: loaded from disk by headless Chromium (Debian's
package, which .ci/run installs), driven with Playwright."""

import io
import os
import shutil
from pathlib import Path

import pytest

from coveragekit.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FIX = Path(__file__).parent / "fixtures" / "io"

if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must have Debian's chromium: .ci/run installs it")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")

ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser")
    src = out / "in"
    src.mkdir()
    shutil.copy(FIX / "mediacloud_export.csv", src)
    shutil.copy(FIX / "gdelt_artlist.json", src)
    (src / "hostile.csv").write_text(
        "date,outlet,title,text,url\n"
        '2025-09-02,Wire,<script>alert(1)</script>,"The strike killed 11, Trump said.",javascript:alert(3)\n',
        encoding="utf-8")
    assert main(["report", "--demo", str(src), "--out", str(out / "r"), "--topics", "6", "--quiet"]) == 0
    return out / "r" / "report.html"


def test_report_renders_in_chromium_with_charts_and_no_errors(report, tmp_path):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    problems, requests = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: problems.append("dialog opened: " + d.message))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        sizes = page.eval_on_selector_all(
            "figure img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width])")
        title = page.title()
        shown = page.text_content("body")
        js_links = page.eval_on_selector_all("a", "as => as.filter(a => !/^https?:|^#/.test(a.getAttribute('href'))).length")
        shot = page.screenshot(full_page=False)
        browser.close()
    assert problems == []
    assert title == "Coverage report"
    assert len(sizes) >= 10
    assert all(w > 200 and h > 100 and shown_w > 200 for w, h, shown_w in sizes)
    # nothing but the file itself and its embedded images is loaded
    assert all(u.startswith(("file://", "data:")) for u in requests)
    assert "<script>alert(1)</script>" in shown  # the hostile title is shown as text
    assert js_links == 0  # javascript: URLs are not made into links
    img = Image.open(io.BytesIO(shot)).convert("L")
    lo, hi = img.getextrema()
    assert hi - lo > 100  # not a blank page
    assert len(img.getcolors(maxcolors=1 << 16) or []) > 20
