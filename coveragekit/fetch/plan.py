"""The ``[fetch]`` section of a project file: what ``coveragekit report --config`` fetches
before it reports.

.. code-block:: toml

    [fetch]
    out = "fetched/coverage.jsonl"    # the JSON Lines file the fetchers append to
    cache = "fetched/raw"             # optional: raw replies, for replays
    full_text = false                 # download the pages of records without text
    # pause = 5                       # seconds between requests to a service
    # gdelt_url = "http://mirror.example/api/v2/doc/doc"
    # mediacloud_url = "http://mirror.example/api/"
    feeds = ["https://example.org/rss"]

    [[fetch.gdelt]]
    query = '"cartel" terrorist'
    start = "2025-01-20"              # end: leave out to fetch up to now
    lang = ["spanish"]

    [[fetch.mediacloud]]
    query = "cartel AND terrorist"
    start = "2025-01-20"
    collections = [34412234]

Every run asks only for what the file has not got: finished windows are remembered, so
``report --config`` fetches what is new, then reports on everything.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OptionError
from .feeds import fetch_feed
from .gdelt import fetch_gdelt
from .mediacloud import fetch_mediacloud

__all__ = ["FETCH_KEYS", "check_fetch_section", "run_fetch_plan"]

FETCH_KEYS = {"out": str, "cache": str, "full_text": bool, "pause": (int, float), "text_pause": (int, float),
              "gdelt_url": str, "mediacloud_url": str, "feeds": list, "gdelt": list, "mediacloud": list}
_GDELT = {"query": str, "start": str, "end": str, "lang": (list, str), "domain": (list, str)}
_MEDIACLOUD = {"query": str, "start": str, "end": str, "collections": list, "sources": list,
               "expanded": bool, "page_size": int}


def _check(table: dict, keys: dict, where: str, path) -> dict:
    if not isinstance(table, dict):
        raise OptionError(f"{path}: {where} should be a table of keys and values")
    for k, v in table.items():
        if k not in keys:
            hint = "known keys: " + ", ".join(sorted(keys))
            if k in ("token", "key", "api_key", "mc_api_token"):
                hint = "the Media Cloud key goes in the environment variable MC_API_TOKEN, never in a file"
            raise OptionError(f"{path}: unknown key '{k}' in {where}", hint=hint)
        wants = keys[k] if isinstance(keys[k], tuple) else (keys[k],)
        if not isinstance(v, wants) or (isinstance(v, bool) and bool not in wants):
            names = " or ".join(t.__name__ for t in wants)
            raise OptionError(f"{path}: '{k}' in {where} should be a {names}, not {type(v).__name__}")
    return table


def check_fetch_section(section, *, path, base: Path) -> dict:
    """Check the ``[fetch]`` table of the project file at ``path``; resolve its paths."""
    section = dict(_check(section, FETCH_KEYS, "[fetch]", path))
    if "out" not in section:
        raise OptionError(f"{path}: [fetch] has no 'out'", hint='add out = "fetched/coverage.jsonl"')
    for k in ("out", "cache"):
        if k in section:
            section[k] = str(base / section[k])
    for i, g in enumerate(section.get("gdelt", []), start=1):
        _check(g, _GDELT, f"[[fetch.gdelt]] number {i}", path)
        for k in ("query", "start"):
            if k not in g:
                raise OptionError(f"{path}: [[fetch.gdelt]] number {i} has no '{k}'")
    for i, m in enumerate(section.get("mediacloud", []), start=1):
        _check(m, _MEDIACLOUD, f"[[fetch.mediacloud]] number {i}", path)
        for k in ("query", "start"):
            if k not in m:
                raise OptionError(f"{path}: [[fetch.mediacloud]] number {i} has no '{k}'")
    if not any(section.get(k) for k in ("feeds", "gdelt", "mediacloud")):
        raise OptionError(f"{path}: [fetch] names nothing to fetch",
                          hint="add feeds = [...], [[fetch.gdelt]] or [[fetch.mediacloud]]")
    return section


def run_fetch_plan(section: dict, *, progress=None, now=None) -> list:
    """Run every fetch the section names, in order (GDELT, Media Cloud, feeds).

    Returns the :class:`~coveragekit.fetch.FetchResult` of each.
    """
    common = dict(out=section["out"], full_text=section.get("full_text", False),
                  cache_dir=section.get("cache"), progress=progress, now=now)
    if "text_pause" in section:
        common["text_pause"] = float(section["text_pause"])
    results = []
    for g in section.get("gdelt", []):
        kw = dict(common, url=section.get("gdelt_url"))
        if "pause" in section:
            kw["pause"] = float(section["pause"])
        results.append(fetch_gdelt(g["query"], start=g["start"], end=g.get("end"), lang=g.get("lang"),
                                   domain=g.get("domain"), **kw))
    for m in section.get("mediacloud", []):
        kw = dict(common, url=section.get("mediacloud_url"))
        if "pause" in section:
            kw["pause"] = float(section["pause"])
        results.append(fetch_mediacloud(m["query"], start=m["start"], end=m.get("end"),
                                        collections=m.get("collections", ()), sources=m.get("sources", ()),
                                        expanded=m.get("expanded", False),
                                        page_size=m.get("page_size", 1000), **kw))
    if section.get("feeds"):
        kw = dict(common)
        if "pause" in section:
            kw["pause"] = float(section["pause"])
        results.append(fetch_feed(section["feeds"], **kw))
    return results
