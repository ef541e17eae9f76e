"""What the fetch tests share: the loopback server fixture (tests/fetch_server.py), a fast
client, and the fixtures of coverage they serve (a year of GDELT articles, Media Cloud
stories, article pages and a feed). Nothing here touches the internet."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from coveragekit.fetch import Http

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_server import LoopbackServer, gdelt_article

UTC = dt.UTC


NOW = "2026-01-15T00:00:00Z"  # a fixed fetch time: every 2025 window is settled


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server():
    s = LoopbackServer().start()
    yield s
    s.stop()


def gdelt_url(server):
    return server.url + "/api/v2/doc/doc"


def fast_http(**kw):
    kw.setdefault("pause", 0.0)
    kw.setdefault("backoff", 0.01)
    kw.setdefault("timeout", 5.0)
    return Http(**kw)


def lines(path):
    return [json.loads(ln) for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip()]


# -- fixtures: a year of coverage ---------------------------------------------------------
def year_of_coverage(server) -> int:
    """2025 with 10 matching titles a day, two bursts and re-listed URLs; returns the number
    of distinct articles that match the query (what a complete fetch must give)."""
    arts, i = [], 0
    day = dt.datetime(2025, 1, 1, tzinfo=UTC)
    while day.year == 2025:
        for k in range(10):
            arts.append(gdelt_article(i, day + dt.timedelta(hours=2 * k + 1), title=f"Cartel fixture story {i}"))
            i += 1
        for k in range(2):  # do not match the query
            arts.append(gdelt_article(100000 + i + k, day + dt.timedelta(hours=2 * k), title="Weather fixture"))
        day += dt.timedelta(days=1)
    baseline = i  # 3650
    # a designation-day burst: 600 in six hours (100 an hour: hour windows hold them)
    t = dt.datetime(2025, 2, 20, 12, tzinfo=UTC)
    for k in range(600):
        arts.append(gdelt_article(i, t + dt.timedelta(seconds=36 * k), title=f"Cartel burst story {i}"))
        i += 1
    # a strike-day burst: 400 in one hour (only minute windows hold them)
    t = dt.datetime(2025, 9, 2, 14, tzinfo=UTC)
    for k in range(400):
        arts.append(gdelt_article(i, t + dt.timedelta(seconds=9 * k), title=f"Cartel strike story {i}"))
        i += 1
    # 40 baseline stories listed again on a later day under variant URLs (www., tracking)
    for k in range(40):
        url = f"https://www.example-news.test/2025/story-{k * 50}/?utm_source=feed"
        arts.append(gdelt_article(0, dt.datetime(2025, 6, 1, 3, tzinfo=UTC) + dt.timedelta(minutes=k),
                                  title=f"Cartel fixture story {k * 50}", url=url))
    server.gdelt = arts
    assert baseline == 3650
    return 3650 + 600 + 400


# -- Media Cloud, through the official client -----------------------------------------------
def media_cloud_stories(server) -> int:
    """130 matching stories, two a day from 1 Feb 2025 (five without a publish date), and 20
    that do not match; returns the number that match."""
    stories = []
    for i in range(130):
        day = dt.date(2025, 2, 1) + dt.timedelta(days=i // 2)
        stories.append({
            "id": f"{i:032x}", "media_name": "diario-prueba.test", "media_url": "diario-prueba.test",
            "title": f"Cartel designation story {i}", "url": f"https://diario-prueba.test/n/{i}",
            "publish_date": None if i % 26 == 5 else day.isoformat(),
            "indexed_date": f"{day.isoformat()}T08:{i % 60:02d}:00.123456+00:00", "language": "es"})
    for i in range(20):
        stories.append({
            "id": f"w{i}", "media_name": "diario-prueba.test", "media_url": "diario-prueba.test",
            "title": "Weather today", "url": f"https://diario-prueba.test/w/{i}",
            "publish_date": "2025-02-10", "indexed_date": "2025-02-10T08:00:00+00:00", "language": "es"})
    server.stories = stories
    return 130


@pytest.fixture
def mc_token(monkeypatch, server):
    monkeypatch.setenv("MC_API_TOKEN", server.token)
    return server.token


def mc_kw(server, tmp_path, name="mc.jsonl", **kw):
    base = dict(start="2025-02-01", end="2025-04-30", out=tmp_path / name, url=server.url + "/api/",
                collections=[34412234], page_size=50, pause=0, now=NOW, progress=False)
    base.update(kw)
    return base


# -- feeds and full text ----------------------------------------------------------------------
# written for these tests (a fictional outlet's report, in Spanish)
PARAS = [
    ("El gobierno de México respondió este jueves a la designación de los cárteles como organizaciones "
     "terroristas extranjeras con un llamado a la cooperación sin subordinación."),
    ("La presidenta dijo en su conferencia matutina que no habrá invasión y que la coordinación con "
     "Washington seguirá en temas de seguridad, armas y fentanilo."),
    ("Analistas consultados por este diario señalaron que la medida abre dudas jurídicas sobre las "
     "sanciones a empresas y bancos que operan en ambos lados de la frontera."),
]


def site(server):
    """Article pages with boilerplate, a page behind robots.txt, a login wall, a slow page."""
    server.pages = {
        "/news/a1.html": ("Cárteles como terroristas: la respuesta de México", PARAS),
        "/news/a2.html": ("Sin subordinación, dice la presidenta", PARAS[1:] + PARAS[:1]),
        "/private/a3.html": ("Nota reservada", PARAS),
        "/news/login.html": ("", None),
        "/news/slow.html": ("Nota lenta", PARAS),
    }
    server.feed_items = [
        {"title": "Cárteles como terroristas", "link": f"{server.url}/news/a1.html",
         "date": "Thu, 20 Feb 2025 14:00:00 GMT", "summary": "La respuesta de México"},
        {"title": "Sin subordinación", "link": f"{server.url}/news/a2.html",
         "date": "Thu, 20 Feb 2025 16:30:00 GMT", "summary": "La presidenta habló"},
    ]


class FakeTime:
    """A clock that moves only when slept on: every wait is seen and none is waited."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, s):
        self.slept.append(round(s, 3))
        self.now += s


# -- killed and resumed ---------------------------------------------------------------------
class Killed(Exception):
    pass


class DiesAfter(Http):
    """An Http whose process "dies" (raises) when it is about to send request number n+1."""

    def __init__(self, n, **kw):
        super().__init__(**kw)
        self.n = n

    def get(self, url, params=None, **kw):
        if len([a for a in self.attempts if a.outcome != "cache"]) >= self.n:
            raise Killed()
        return super().get(url, params, **kw)
