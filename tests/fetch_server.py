"""A loopback stand-in for GDELT, Media Cloud, a news site and its feed, for the fetch tests.

It binds 127.0.0.1 only and answers in the formats the real services use:

* ``/api/v2/doc/doc`` -- GDELT DOC 2.0 ``mode=artlist&format=json``: ``{"articles": [...]}``
  with ``url, url_mobile, title, seendate (%Y%m%dT%H%M%SZ), socialimage, domain, language
  (English name), sourcecountry``; ``{}`` when nothing matches; at most ``maxrecords``
  (250) records per reply, in an order that is not by date (as GDELT ranks them), so a
  window over the cap loses records; a query with a bare OR is answered HTTP 200
  ``text/html`` with GDELT's sentence.
* ``/api/search/api-params`` and ``/api/search/story-list`` -- what the ``mediacloud``
  client reads: ``{"params": {"query-rate": "N/m", ...}}`` and ``{"stories": [...],
  "pagination_token": str | null}``; 403 ``{"detail": "Invalid token."}`` without the token.
* ``/robots.txt``, ``/news/*.html`` (article pages wrapped in menus, a cookie banner and a
  footer), ``/private/*`` (forbidden by robots.txt), ``/feed.xml`` (RSS 2.0).

Faults are queued per path prefix and served in order, one per request: ``("status", code,
headers, body)``, ``("slow", seconds)``, ``("cut",)`` (the reply stops half-way, the
connection closes), ``("badjson",)`` (complete HTTP reply, JSON cut short),
``("badescape",)`` (a title with a backslash that starts no JSON escape). Every request
is logged with its arrival time (``time.monotonic()``), path, parameters, headers and status.
"""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

UTC = dt.UTC
OR_ERROR = "Queries containing OR'd terms must be surrounded by ()."


def gdelt_article(i: int, when: dt.datetime, *, title: str, domain: str = "example-news.test",
                  language: str = "Spanish", country: str = "Mexico", url: str | None = None) -> dict:
    url = url or f"https://{domain}/2025/story-{i}"
    return {"url": url, "url_mobile": "", "title": title, "seendate": when.strftime("%Y%m%dT%H%M%SZ"),
            "socialimage": "", "domain": domain, "language": language, "sourcecountry": country,
            "_when": when}


def _rank(a: dict) -> str:
    return hashlib.sha1(a["url"].encode() + a["seendate"].encode()).hexdigest()


def _matches(query: str, a: dict) -> bool:
    words, title = [], a["title"].lower()
    for part in query.replace("(", " ").replace(")", " ").split():
        low = part.lower()
        if low.startswith("sourcelang:"):
            if a["language"].lower() != low.split(":", 1)[1]:
                return False
        elif low.startswith("domain:"):
            if a["domain"].lower() != low.split(":", 1)[1]:
                return False
        elif low != "or":
            words.append(low.strip('"'))
    return all(w in title for w in words)


def _bare_or(query: str) -> bool:
    depth = 0
    for tok in query.replace("(", " ( ").replace(")", " ) ").split():
        depth += tok == "("
        depth -= tok == ")"
        if tok == "OR" and depth == 0:
            return True
    return False


ARTICLE = """<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>{title} | Diario de Prueba</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Diario de Prueba">
</head><body>
<div class="cookie-banner">Usamos cookies para mejorar su experiencia. Aceptar todas las cookies.</div>
<nav><ul><li><a href="/">Portada</a></li><li><a href="/politica">Política</a></li>
<li><a href="/deportes">Deportes</a></li><li><a href="/suscribete">Suscríbete</a></li></ul></nav>
<main><article><h1>{title}</h1>
{paragraphs}
</article>
<aside class="related"><h3>Lo más leído</h3><ul><li><a href="/x">Receta de tamales en diez minutos</a></li>
<li><a href="/y">Horóscopo de la semana</a></li></ul></aside></main>
<footer>© 2025 Diario de Prueba. Todos los derechos reservados. Aviso de privacidad.</footer>
</body></html>"""

LOGIN = """<!doctype html><html><head><title>Inicia sesión</title></head><body>
<nav><a href="/">Portada</a> <a href="/suscribete">Suscríbete</a></nav>
<form><input name="u"><input name="p" type="password"><button>Entrar</button></form>
</body></html>"""


class LoopbackServer:
    def __init__(self):
        self.log: list[dict] = []
        self.faults: dict[str, list] = {}
        self.gdelt: list[dict] = []
        self._indexed = None
        self.stories: list[dict] = []
        self.token = "test-token-123"
        self.query_rate = "6000/m"
        self.pages: dict[str, str] = {}  # path -> body paragraphs
        self.feed_items: list[dict] = []
        self.slow_seconds = 2.0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server._handle(self)

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):  # a client that timed out and left
                pass

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # -- control -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def fault(self, prefix: str, *faults):
        with self._lock:
            self.faults.setdefault(prefix, []).extend(faults)

    def requests_to(self, prefix: str) -> list[dict]:
        return [e for e in self.log if e["path"].startswith(prefix)]

    # -- serving -------------------------------------------------------------------------
    def _take_fault(self, path: str):
        with self._lock:
            for prefix, queue in self.faults.items():
                if path.startswith(prefix) and queue:
                    return queue.pop(0)
        return None

    def _handle(self, h):
        parts = urlsplit(h.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        entry = {"t": time.monotonic(), "path": parts.path, "params": params,
                 "headers": {k.lower(): v for k, v in h.headers.items()}, "status": None}
        with self._lock:
            self.log.append(entry)
        fault = self._take_fault(parts.path)
        if fault and fault[0] == "slow":
            time.sleep(fault[1])
            fault = None
        if fault and fault[0] == "status":
            _, code, headers, body = fault
            return self._send(h, entry, code, body.encode() if isinstance(body, str) else body,
                              "text/html; charset=utf-8", headers)
        status, ctype, body = self._route(parts.path, params, entry["headers"])
        if fault and fault[0] == "cut":
            entry["status"] = status
            entry["fault"] = "cut"
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            h.close_connection = True
            return
        if fault and fault[0] == "badescape":  # a stray backslash in a title: not valid JSON
            body = body.replace(b'"title": "', b'"title": "C:\\q ', 1)
            entry["fault"] = "badescape"
        if fault and fault[0] == "badjson":
            body = body[: len(body) // 2]
            entry["fault"] = "badjson"
        return self._send(h, entry, status, body, ctype, {})

    def _send(self, h, entry, status, body, ctype, headers):
        entry["status"] = status
        try:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _route(self, path, params, headers):
        js = "application/json; charset=utf-8"
        if path == "/api/v2/doc/doc":
            return self._gdelt(params)
        if path.startswith("/api/search/"):
            if headers.get("authorization") != f"Token {self.token}":
                return 403, js, json.dumps({"detail": "Invalid token."}).encode()
            if path == "/api/search/api-params":
                body = {"params": {"query-rate": self.query_rate, "api-python-client": "5.2.0"}}
                return 200, js, json.dumps(body).encode()
            if path == "/api/search/story-list":
                return self._story_list(params)
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /private/\n"
        if path == "/feed.xml":
            return 200, "application/rss+xml; charset=utf-8", self._feed().encode()
        if path in self.pages:
            title, paras = self.pages[path]
            if paras is None:
                return 200, "text/html; charset=utf-8", LOGIN.encode()
            html = ARTICLE.format(title=title, paragraphs="\n".join(f"<p>{p}</p>" for p in paras))
            return 200, "text/html; charset=utf-8", html.encode()
        return 404, "text/html; charset=utf-8", b"<html><body><h1>404 Not Found</h1></body></html>"

    def _gdelt(self, p):
        js = "application/json; charset=utf-8"
        q = p.get("query", "")
        if _bare_or(q):
            return 200, "text/html; charset=utf-8", (OR_ERROR + "\n").encode()
        start = dt.datetime.strptime(p["startdatetime"], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        end = dt.datetime.strptime(p["enddatetime"], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        cap = int(p.get("maxrecords", 75))
        if self._indexed is not self.gdelt:  # sorted by time once, then bisected per request
            self._sorted = sorted(self.gdelt, key=lambda a: a["_when"])
            self._times = [a["_when"] for a in self._sorted]
            self._indexed = self.gdelt
        lo, hi = bisect.bisect_left(self._times, start), bisect.bisect_right(self._times, end)
        hits = [a for a in self._sorted[lo:hi] if _matches(q, a)]
        hits.sort(key=_rank)
        hits = hits[:cap]
        if not hits:
            return 200, js, b"{}"
        arts = [{k: v for k, v in a.items() if not k.startswith("_")} for a in hits]
        return 200, js, json.dumps({"articles": arts}, ensure_ascii=False).encode()

    def _story_list(self, p):
        js = "application/json; charset=utf-8"
        start, end = dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"])
        words = [w.lower() for w in p.get("q", "").split()]
        hits = [s for s in self.stories
                if start <= dt.date.fromisoformat((s["publish_date"] or s["indexed_date"])[:10]) <= end
                and all(w in s["title"].lower() for w in words)]
        size = int(p.get("page_size", 1000))
        offset = int(base64.b64decode(p["pagination_token"]).decode()) if p.get("pagination_token") else 0
        page = hits[offset:offset + size]
        nxt = offset + size
        token = base64.b64encode(str(nxt).encode()).decode() if nxt < len(hits) else None
        return 200, js, json.dumps({"stories": page, "pagination_token": token}).encode()

    def _feed(self) -> str:
        items = "\n".join(
            f"<item><title>{i['title']}</title><link>{i['link']}</link>"
            f"<pubDate>{i['date']}</pubDate><description>{i['summary']}</description></item>"
            for i in self.feed_items)
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Diario de Prueba</title><link>{self.url}/</link><language>es</language>"
                f"{items}</channel></rss>")
