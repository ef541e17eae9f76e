"""What the interactive report embeds: escaped data, the article-table limit, the
instrument split and a Content-Security-Policy that names the page's own scripts."""

import base64
import dataclasses
import hashlib
import json
import re
from html import unescape

import numpy as np
import pytest

import coveragekit as ck
from coveragekit import explorer_page as ep
from coveragekit.report import render_report


@pytest.fixture(scope="module")
def result():
    return ck.run_analysis(ck.load(ck.datasets.demo_paths()), n_topics=4, random_state=0)


def test_script_json_cannot_end_its_block():
    s = ep.to_script_json({"title": '</script><script>alert(4)</script> & "><img src=x onerror=alert(2)>\u2028'})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s)["title"].startswith("</script><script>alert(4)")  # the same string once parsed


def test_the_policy_names_exactly_the_pages_scripts(result):
    html = render_report(result)
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 2  # Vega and the explorer; the two data blocks are JSON, not scripts
    for js in scripts:
        digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "'unsafe-inline'" not in csp.split(
        "style-src")[0]
    static = render_report(result, static=True)
    assert "<script" not in static and "script-src &#39;none&#39;" in static


def test_beyond_the_limit_the_table_is_cut_with_a_note(result, monkeypatch):
    monkeypatch.setattr(ep, "TABLE_LIMIT", 50)
    data = ep.payload(result)
    assert data["n_table"] == 50 and len(data["a"]["title"]) == 50
    assert len(data["a"]["g"]) == len(result.articles)  # every article still counts in the charts
    dates = data["a"]["date"]
    assert dates == sorted(dates) and dates[-1] <= result.articles["published_at"].dt.strftime("%Y-%m-%d").sort_values().iloc[50]
    html = render_report(result)
    assert f"The page lists the first 50 of {len(result.articles)} articles by date" in html


def test_two_instruments_get_one_sentiment_panel_each(result):
    arts = result.articles.copy()
    spanish = arts["lang"] == "es"
    arts["sentiment_instrument"] = np.where(spanish, "coveragekit-es", "textblob-en")
    arts.loc[spanish, "polarity"] = 0.25  # a made-up Spanish score, to have something to split
    two = dataclasses.replace(result, articles=arts)
    data = ep.payload(two)
    assert data["dims"]["instrument"] == ["coveragekit-es", "textblob-en"]
    codes = data["a"]["i"]
    order = arts.sort_values(["published_at", "article_id"], kind="stable")["lang"].tolist()
    assert all((c == 0) == (lang == "es") for c, lang in zip(codes, order))
    spec = ep.specs(two, data)["sentiment"]
    assert spec["facet"]["row"]["field"] == "instrument"
    plain = dataclasses.replace(result, articles=result.articles.drop(columns=["sentiment_instrument"]))
    one = ep.specs(plain, ep.payload(plain))["sentiment"]
    assert "facet" not in one  # no instrument column: one panel, as before


def test_no_article_text_goes_into_the_page(result):
    html = render_report(result)
    longest = max(result.articles["text"].astype(str), key=len)
    assert longest[200:400] not in html
