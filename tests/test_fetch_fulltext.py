"""Full text from article pages against the loopback server: each outcome, boilerplate,
robots.txt and the pause per host.
Expectations are counted from the fixtures as they are built."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import coveragekit as ck

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_fixtures import NOW, PARAS, lines, site


def test_full_text_outcomes_boilerplate_robots_and_the_per_host_pause(server, tmp_path):
    site(server)
    server.fault("/news/slow.html", ("slow", 1.0), ("slow", 1.0))
    u = server.url
    records = [
        {"published_at": "2025-02-20T14:00:00Z", "outlet": "Diario", "title": "", "text": "", "url": f"{u}/news/a1.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Reservada", "text": "", "url": f"{u}/private/a3.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Perdida", "text": "", "url": f"{u}/news/gone.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Lenta", "text": "", "url": f"{u}/news/slow.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Muro", "text": "", "url": f"{u}/news/login.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Ya tiene", "text": "Texto previo.", "url": f"{u}/news/a2.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Sin enlace", "text": "", "url": ""},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "text.jsonl"
    res = ck.fetch_text(src, out=out, pause=0.1, timeout=0.4, retries=1, now=NOW, progress=False)
    got = {r["url"].rsplit("/", 1)[-1] or "none": r for r in lines(out)}
    assert {k: r.get("text_status") for k, r in got.items()} == {
        "a1.html": "fetched", "a3.html": "not allowed", "gone.html": "not found", "slow.html": "timed out",
        "login.html": "no article found", "a2.html": None, "none": "no url"}
    a1 = got["a1.html"]
    assert a1["title"] == "Cárteles como terroristas: la respuesta de México" and a1["http_status"] == 200
    for p in PARAS:
        assert p in a1["text"]
    for junk in ("cookies", "Portada", "Suscríbete", "tamales", "derechos reservados"):
        assert junk not in a1["text"]
    assert got["a2.html"]["text"] == "Texto previo."
    paths = [e["path"] for e in server.log]
    assert "/private/a3.html" not in paths and paths.count("/robots.txt") == 1
    assert paths.count("/news/slow.html") == 2  # one retry
    assert all(e["headers"]["user-agent"].startswith("coveragekit/") for e in server.log)
    times = [e["t"] for e in server.log]
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.1  # one host: 0.1 s apart
    assert res.texts["fetched"] == 1 and res.texts["timed out"] == 1
    # the file loads and analyses like any other
    loaded = ck.load([out])
    assert len(loaded.articles) == 7
    result = ck.analyze(loaded, out=tmp_path / "analysis", n_topics=2)
    assert (tmp_path / "analysis" / "articles.csv").exists() and result is not None
