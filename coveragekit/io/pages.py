"""Single-article files: web pages saved from a browser (``.html``) and text pasted from
one (``.txt``, ``.md``).

HTML goes through trafilatura, a maintained main-content extractor, which drops menus,
cookie banners, share bars and link lists. Text and Markdown files may start with a front
matter block (``---`` / ``key: value`` lines / ``---``, read as safe YAML, dates as text) naming
the title, date, outlet and URL; what a copy-paste drags along (skip links, the headline
repeated, share/cookie/subscribe lines, "Read also:" and the "Related" or "Latest" lists at
the end) is stripped by :func:`strip_boilerplate`.
"""

from __future__ import annotations

import re

import yaml

from ..clean import clean_title
from ..errors import InputError
from ._base import FileResult, decode_text, read_bytes
from ._records import Options, RawRecord, Rejection, build_articles
from .dates import MONTHS

_FIELDS = {c: c for c in ["published_at", "outlet", "title", "text", "url", "lang"]}

_DROP_LINE = re.compile(
    r"^(?:"
    r"skip to (?:main )?content|saltar al contenido(?: principal)?|ir al contenido"
    r"|(?:share|compartir)(?: (?:this|on|en) .{0,30}| article| story| this article| this story| nota)?"
    r"|share on \w+|copy link|copiar enlace|print|imprimir|email|whatsapp|facebook|x|twitter"
    r"|(?:subscribe|suscr[ií]bete|sign up|reg[ií]strate)\b.{0,80}"
    r"|.{0,60}\bcookies?\b.{0,120}"
    r"|accept(?: all)?|aceptar(?: todo)?|reject|rechazar"
    r"|menu|men[uú]|search|buscar|home|inicio|advertisement|publicidad|anuncio"
    r"|(?:read also|read more|see also|lee también|lea también|te puede interesar|leer más)\s*:?.*"
    r"|follow us.*|s[ií]guenos.*|sign in|log in|iniciar sesi[oó]n"
    r"|©.*|\(c\) \d{4}.*|all rights reserved.*|todos los derechos reservados.*"
    r"|\d+ min(?:ute)?s? read|lectura de \d+ min.*"
    r")$",
    re.I,
)
_TRAILER = re.compile(
    r"^(?:related(?: (?:stories|articles|coverage))?|latest(?: news| stories)?|most read|more stories"
    r"|more from .{1,40}|relacionad[oa]s?|notas relacionadas|lo más leído|últimas noticias|lo último"
    r"|más noticias|más leídas|trending)\s*:?$",
    re.I,
)
_BYLINE = re.compile(r"^(?:[Bb]y|BY|[Pp]or|POR)\s+[A-ZÁÉÍÓÚÑ][^\n]{1,80}$")
_WRITTEN_DATE = re.compile(
    r"(?:\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?:\b\d{{1,2}}\s+(?:de\s+)?(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?,?\s+(?:de\s+)?\d{{4}}"
    rf"|\b(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\b\d{4}-\d{2}-\d{2}\b)",
    re.I,
)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
# "Published Sept. 4, 2025 at 6:12 p.m. ET", "Publicado el 4 de septiembre de 2025",
# "Updated: 09/04/2025": the page's own statement of its date, anywhere in the page
_PUBLISHED = re.compile(r"^(?:first\s+)?(?:published|posted|updated|publicado|publicada|actualizado|"
                        r"actualizada|fecha de publicaci[oó]n)\b\s*(?:on|el|:)?\s*", re.I)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b")
# image captions and credits a copy-paste carries with the photo
_CAPTION = re.compile(r"^(?:photo|photograph|image|picture|illustration|video|credit|foto|fotograf[ií]a|imagen|"
                      r"ilustraci[oó]n|cr[eé]dito)s?\s*(?::|by\b|de\b|/)", re.I)
# the reason a pasted page without a date is rejected: every way to give it one
NO_DATE_REASON = ("no publication date: the page states none (no dateline, no 'Published ...' line, no "
                  "date: in front matter); give it with --date YYYY-MM-DD (one date for a file or a "
                  "folder of pages), or add a first block '---' / 'date: YYYY-MM-DD' / '---' to the file")


def _norm_line(s: str) -> str:
    """A line as compared with the headline and with other lines: case, punctuation and
    spacing ignored ("Military Action ..., According to Reports" is the headline
    "Military action ..., according to reports")."""
    s = s.replace("\u2019", "'").replace("\u2018", "'").casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


class _FrontMatterLoader(yaml.SafeLoader):
    """``yaml.safe_load`` that leaves dates as text, for :func:`parse_date` to read (or to
    reject with a reason: YAML itself fails on an impossible date such as 2025-02-30)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def strip_boilerplate(lines: list[str], *, title: str = "") -> list[str]:
    """Remove the lines a browser copy-paste carries around an article body.

    >>> strip_boilerplate(["Skip to content", "Big news", "Share this article",
    ...                    "First paragraph.", "Read also: Other story", "Second.",
    ...                    "Related", "Another story"], title="Big news")
    ['First paragraph.', 'Second.']
    """
    out = []
    norm_title = _norm_line(title)
    seen = set()
    for line in lines:
        s = " ".join(line.replace("\u00a0", " ").split())
        if not s:
            out.append("")
            continue
        if _TRAILER.match(s.strip("#*_ ").strip()) and any(x.strip() for x in out):
            break
        bare = s.strip("#*_>|[]() ").strip()
        if not bare or _DROP_LINE.match(bare) or _CAPTION.match(bare):
            continue
        norm = _norm_line(bare)
        # the headline again, in any case, maybe with a credit after it (an image caption)
        if norm_title and (norm == norm_title or (norm.startswith(norm_title + " ")
                                                  and len(norm[len(norm_title):].split()) <= 6)):
            continue
        if norm in seen and len(norm.split()) <= 40:  # a line shown twice is page furniture
            continue
        seen.add(norm)
        out.append(s)
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return out


def _front_matter(text: str, display: str) -> tuple[dict, str]:
    m = _FRONT.match(text.lstrip("\ufeff"))
    if not m:
        return {}, text
    try:
        meta = yaml.load(m.group(1), Loader=_FrontMatterLoader) or {}
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a number YAML cannot hold
        raise InputError(f"its front matter is not valid YAML ({str(exc).splitlines()[0]})",
                         path=display, hint="fix the block between the two --- lines") from None
    if not isinstance(meta, dict):
        meta = {}
    return {str(k).lower(): v for k, v in meta.items()}, text[m.end():]


def _plain_fields(text: str, display: str) -> dict:
    """The fields of a pasted page: its front matter, then what the text itself gives (the
    headline, a "Published ..." line or a dateline, a byline), the page furniture removed."""
    meta, body = _front_matter(text, display)
    md_lines = [_plain_line(ln) for ln in body.splitlines()]
    title = clean_title(meta.get("title") or meta.get("headline") or "") or _first_headline(md_lines)
    # the header region: a pasted page repeats the headline after its menus; what comes
    # before the headline's first appearance near the top is navigation, not article
    norm_title = _norm_line(title)
    for i, ln in enumerate(md_lines[:40]):
        if norm_title and _norm_line(ln) == norm_title:
            md_lines = md_lines[i + 1:]
            break
    date = meta.get("date") or meta.get("published") or meta.get("published_at") or ""
    body_lines, date, author = _body_date_author(strip_boilerplate(md_lines, title=title), date=date,
                                                 author=meta.get("author") or "")
    paragraphs = "\n".join(body_lines)
    return {
        "published_at": date,
        "outlet": meta.get("outlet") or meta.get("site") or meta.get("source") or "",
        "title": title,
        "text": re.sub(r"\n(?!\n)", "\n\n", paragraphs),
        "url": meta.get("url") or meta.get("link") or "",
        "lang": meta.get("lang") or meta.get("language") or "",
        **({"author": author} if author else {}),
        **{k: v for k, v in meta.items()
           if k not in {"title", "headline", "date", "published", "published_at", "outlet",
                        "site", "source", "url", "link", "lang", "language", "author"}},
    }


def _plain_line(ln: str) -> str:
    """A line with its Markdown marks taken off: heading marks, links (the words kept),
    emphasis."""
    s = re.sub(r"^#{1,6}\s+", "", ln)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    return re.sub(r"[*_]{1,3}([^*_]+)[*_]{1,3}", r"\1", s)


def _first_headline(md_lines: list[str]) -> str:
    """The headline of a page without front matter: its first line of three words or more
    that is neither a byline nor a date, once the furniture is removed."""
    for ln in strip_boilerplate(md_lines):
        s = ln.strip()
        if s and len(s.split()) >= 3 and not _BYLINE.match(s) and not _WRITTEN_DATE.fullmatch(s):
            return clean_title(s)
    return ""


def _body_date_author(kept: list[str], *, date, author):
    """The article's lines, its date and its author: the page's own "Published ..." line,
    a date near the top and a byline give the date and the author (when the front matter
    did not) and are not article text."""
    body_lines = []
    for ln in kept:
        s = ln.strip()
        if _PUBLISHED.match(s):  # the page's own "Published ..." line: its date, not article text
            if not date:
                rest = _PUBLISHED.sub("", s)
                m = _WRITTEN_DATE.search(rest) or _NUMERIC_DATE.search(rest)
                if m:
                    date = m.group(0)
            if _WRITTEN_DATE.search(s) or _NUMERIC_DATE.search(s):
                continue
        if _BYLINE.match(s) and len(body_lines) < 6:
            author = author or re.sub(r"^(?:by|por)\s+", "", s, flags=re.I)
            continue
        if not date:
            m = _WRITTEN_DATE.search(s)
            if m and len(body_lines) < 6:
                date = m.group(0)
                if len(s) - len(m.group(0)) < 25:
                    continue  # a line that only carries the date
        elif len(body_lines) < 3 and _WRITTEN_DATE.fullmatch(s.strip(" .")):
            continue  # the date line under the headline
        body_lines.append(ln)
    return body_lines, date, author


_META = re.compile(r"<meta\s+[^>]*>", re.I)
_ATTR = re.compile(r'(\w[\w:-]*)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


def _meta_tags(html: str) -> dict:
    tags = {}
    for m in _META.finditer(html[:200_000]):
        attrs = {a.lower(): (b if b is not None else c) for a, b, c in _ATTR.findall(m.group(0))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and "content" in attrs and key not in tags:
            tags[key] = attrs["content"]
    return tags


def html_fields(html: str, display: str) -> dict:
    import trafilatura  # (lxml and its extractors, a second to import: for saved pages only)

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    meta = _meta_tags(html)
    if doc is None:
        d = {}
    else:
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = meta.get("og:title") or d.get("title") or ""
    date = (meta.get("article:published_time") or meta.get("datepublished")
            or meta.get("date") or d.get("date") or "")
    body = d.get("text") or ""
    lines = strip_boilerplate(body.splitlines(), title=clean_title(title))
    fields = {
        "published_at": date,
        "outlet": meta.get("og:site_name") or d.get("sitename") or "",
        "title": title,
        "text": "\n\n".join(ln for ln in lines if ln),
        "url": meta.get("og:url") or d.get("url") or "",
        "lang": meta.get("og:locale", "")[:2] or "",
    }
    for k, name in (("collection", "collection"), ("author", "author"), ("article:author", "author"),
                    ("article:section", "section"), ("note", "note")):
        if meta.get(k) and name not in fields:
            fields[name] = meta[k]
    if not fields["lang"]:
        m = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z-]+)", html[:5000], re.I)
        fields["lang"] = m.group(1) if m else ""
    return fields


def read_page(path, *, display: str, options: Options, kind: str) -> FileResult:
    data = read_bytes(path, display)
    text, encoding = decode_text(data, display)
    if not text.strip():
        raise InputError("the file holds only blank space", path=display)
    fields = html_fields(text, display) if kind == "html" else _plain_fields(text, display)
    notes = []
    has_content = any(str(fields.get(k) or "").strip() for k in ("title", "text"))
    if has_content and not str(fields.get("published_at") or "").strip():
        if getattr(options, "date", None):
            fields["published_at"] = options.date
            notes.append("date from --date")
        else:
            result = FileResult(file=display, format=kind, encoding=encoding)
            result.rejections.append(Rejection(display, display, NO_DATE_REASON, text[:300]))
            return result
    rec = RawRecord(f"{display}", fields, text[:300], notes=notes)
    chosen = dict(_FIELDS)
    rows, rej = build_articles([rec], chosen=chosen, options=options, source_name=display)
    # the page's own extra fields (collection, author...) are kept by build_articles
    result = FileResult(file=display, format=kind, encoding=encoding)
    result.rows.extend(rows)
    result.rejections.extend(rej)
    return result
