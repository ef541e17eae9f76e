"""The HTML report as a reader sees it: loaded from disk by headless Chromium (Debian's
package, which .ci/run installs), driven with Playwright."""

import io
import os
import shutil
from pathlib import Path

import pandas as pd
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
        '2025-09-02,Wire,<script>alert(1)</script>,"The strike killed 11, Trump said.",javascript:alert(3)\n'
        '2025-09-03,Wire,"""><img src=x onerror=alert(2)>","Sheinbaum said there would be no invasion.",https://wire.example/2\n'
        '2025-09-04,Wire,"</script><script>alert(4)</script>","Tariffs on steel rose, exporters warned.",JavaScript:alert(5)\n',
        encoding="utf-8")
    assert main(["report", "--demo", str(src), "--out", str(out / "r"), "--topics", "6", "--quiet"]) == 0
    return out / "r" / "report.html"


def _launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def _open(browser, report, *, scripts=True):
    """The page loaded from disk, every request other than file: and data: aborted (and noted)."""
    context = browser.new_context(java_script_enabled=scripts, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    log = {"problems": [], "outside": [], "dialogs": []}
    page.on("console", lambda m: log["problems"].append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: log["problems"].append(str(e)))
    page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            log["outside"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(report.as_uri())
    if scripts:
        page.wait_for_selector("html[data-ck-ready]", timeout=30_000)
    else:
        page.wait_for_load_state("load")
    return page, log


def _settle(page):
    page.wait_for_timeout(150)  # the explorer redraws on the next animation frame
    page.evaluate("() => Promise.all(Object.values(window.ckExplorer.views).map(v => v.runAsync())).then(() => true)")


def _csv(report):
    arts = pd.read_csv(report.parent / "articles.csv", keep_default_na=False, na_values=[""])
    arts["month"] = pd.to_datetime(arts["published_at"], utc=True).dt.strftime("%Y-%m-01")
    return arts


def test_interactive_page_has_no_errors_and_asks_no_server(report):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _launch(p)
        page, log = _open(browser, report)
        n = page.get_attribute("#ck-count", "data-n")
        charts = page.eval_on_selector_all(".ck-chart svg.marks", "s => s.length")
        pictures_hidden = page.eval_on_selector_all(".ck-pair.ck-on .ck-static img", "i => i.every(x => x.offsetWidth === 0)")
        csp = page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
        browser.close()
    assert log == {"problems": [], "outside": [], "dialogs": []}
    assert int(n) == len(_csv(report))
    assert charts == 6  # volume, sentiment, topics, actors, frames, keyness
    assert pictures_hidden  # the interactive chart replaces its picture
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "http" not in csp


def test_choosing_an_outlet_group_filters_the_sentiment_chart_and_the_table(report):
    from playwright.sync_api import sync_playwright
    from scipy import stats

    arts = _csv(report)
    us = arts[arts["outlet_group"] == "US"]
    scored = us.dropna(subset=["polarity"])
    want = scored.groupby("month")["polarity"].agg(["mean", "count", "std"])
    with sync_playwright() as p:
        browser = _launch(p)
        page, log = _open(browser, report)
        before = page.evaluate("() => window.ckExplorer.data.sentiment.length")
        page.select_option("#ck-f-group", label="US")
        _settle(page)
        shown = page.evaluate("() => window.ckExplorer.views.sentiment.data('sentiment')")
        rows = page.get_attribute("#ck-table-count", "data-n")
        quotes = page.get_attribute("#ck-quote-count", "data-n")
        browser.close()
    assert log["problems"] == []
    assert before > len(shown)  # all groups before, one after
    assert {r["group"] for r in shown} == {"US"}
    assert [r["period"] for r in shown] == list(want.index)
    for r in shown:
        w = want.loc[r["period"]]
        assert r["n"] == w["count"]
        assert r["mean"] == pytest.approx(w["mean"], abs=1e-9)
        if w["count"] >= 2:
            half = stats.t.ppf(0.975, w["count"] - 1) * w["std"] / w["count"] ** 0.5
            assert r["hi"] - r["mean"] == pytest.approx(half, abs=1e-9)
        assert r["few"] == (w["count"] < 5)
    assert int(rows) == len(us)  # 93 US articles in the demo corpus; the hostile rows are "(other)"
    q = pd.read_csv(report.parent / "quotes.csv", keep_default_na=False)
    assert int(quotes) == q["article_id"].isin(us["article_id"]).sum()


def test_a_period_brush_changes_the_volume_totals(report):
    from playwright.sync_api import sync_playwright

    arts = _csv(report)
    months = pd.date_range(arts["month"].min(), arts["month"].max(), freq="MS").strftime("%Y-%m-%d").tolist()
    with sync_playwright() as p:
        browser = _launch(p)
        page, log = _open(browser, report)
        page.locator("#ck-chart-volume").scroll_into_view_if_needed()
        total = int(page.get_attribute("#ck-period-total", "data-n"))
        bars = page.eval_on_selector_all(
            "#ck-chart-volume g.mark-rect.role-mark:not([class*=brush]) path",
            "ps => ps.map(p => { const b = p.getBoundingClientRect(); return [b.left, b.width, b.top, b.height]; })")
        bars = sorted(b for b in bars if b[3] > 0)
        assert len(bars) == len(months)
        x0, x1 = bars[2][0] + bars[2][1] / 4, bars[5][0] + bars[5][1] * 3 / 4
        y = bars[5][2] + bars[5][3] / 2
        page.mouse.move(x0, y)
        page.mouse.down()
        page.mouse.move(x1, y, steps=8)
        page.mouse.up()
        _settle(page)
        after = int(page.get_attribute("#ck-period-total", "data-n"))
        matching = int(page.get_attribute("#ck-count", "data-n"))
        browser.close()
    assert log["problems"] == []
    # from a quarter into the 3rd bar to three quarters into the 6th: a period is selected when
    # the middle of its bar is inside the band, so the 3rd to the 6th
    inside = [m for (left, width, *_), m in zip(bars, months) if x0 <= left + width / 2 <= x1]
    assert inside == months[2:6]
    assert total == len(arts)
    assert after == matching == int(arts["month"].isin(inside).sum())
    assert after < total


def test_hostile_titles_are_text_and_open_no_dialog(report):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _launch(p)
        page, log = _open(browser, report)
        page.select_option("#ck-f-outlet", label="Wire")  # the three hostile rows
        _settle(page)
        table = page.inner_text("#ck-articles")
        n = page.get_attribute("#ck-table-count", "data-n")
        injected = page.eval_on_selector_all("img[src=x], script:not([id]):not([src])", "e => e.length")
        js_links = page.eval_on_selector_all("a", "as => as.filter(a => !/^https?:|^#/.test(a.getAttribute('href'))).length")
        page.wait_for_timeout(300)
        browser.close()
    assert log["dialogs"] == [] and log["problems"] == []
    assert int(n) == 3
    assert "<script>alert(1)</script>" in table
    assert '"><img src=x onerror=alert(2)>' in table
    assert "</script><script>alert(4)</script>" in table
    assert injected == 2  # the page's own two scripts (Vega and the explorer), nothing else
    assert js_links == 0


def test_with_scripts_disabled_the_static_report_is_shown(report):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _launch(p)
        page, log = _open(browser, report, scripts=False)
        pictures = page.eval_on_selector_all("figure img", "i => i.filter(x => x.offsetWidth > 200).length")
        live = page.eval_on_selector_all(".ck-live", "e => e.filter(x => x.offsetWidth > 0).length")
        static_tables = page.eval_on_selector_all("details.ck-static-table", "e => e.filter(x => x.offsetWidth > 0).length")
        browser.close()
    assert log["outside"] == [] and log["problems"] == []
    assert pictures >= 12
    assert live == 0  # the filters and empty chart boxes stay out of the way
    assert static_tables == 2  # the quotes and the articles


def test_report_renders_in_chromium_with_charts_and_no_errors(report, tmp_path):
    """The page as a reader without scripts sees it: every chart a sharp (2x) picture."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    problems, requests = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
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
    assert all(w >= 2 * shown_w - 6 for w, h, shown_w in sizes), sizes  # drawn at twice the shown size (and border)
    # nothing but the file itself and its embedded images is loaded
    assert all(u.startswith(("file://", "data:")) for u in requests)
    assert "<script>alert(1)</script>" in shown  # the hostile title is shown as text
    assert js_links == 0  # javascript: URLs are not made into links
    img = Image.open(io.BytesIO(shot)).convert("L")
    lo, hi = img.getextrema()
    assert hi - lo > 100  # not a blank page
    assert len(img.getcolors(maxcolors=1 << 16) or []) > 20
