"""From raw input records to rows of the article schema.

Every reader turns its file into :class:`RawRecord` objects (one per record it read, with a
locator such as ``export.csv:17``) or :class:`Rejection` rows. :func:`build_articles` then
maps the input's field names to the schema, reads dates, cleans text, detects the language
and rejects, with a reason, whatever cannot become an article.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd

from .._fast.pool import run_chunks
from ..clean import clean_text, clean_title, detect_language, text_key
from ..errors import InputError
from ..schema import (
    COLUMNS,
    STRING_COLUMNS,
    article_id_from_normalised,
    empty_articles,
    normalise_url,
)
from ._base import FileResult, scrub
from .dates import parse_date

# Input field names (compared after lower-casing, trimming and turning spaces and dashes
# into underscores) that mean a schema column, in order of preference.
SYNONYMS: dict[str, list[str]] = {
    "published_at": [
        "published_at", "publish_date", "published", "pubdate", "date", "seendate",
        "publication_date", "published_date", "datetime", "date_published", "fecha",
        "pub_date", "updated",
    ],
    "outlet": ["outlet", "media_name", "source", "domain", "publication", "site_name",
               "sitename", "site", "media", "publisher", "medio"],
    "title": ["title", "headline", "titulo", "título", "titular"],
    "text": ["text", "body", "content", "full_text", "article_text", "article", "texto",
             "cuerpo", "summary", "description"],
    "url": ["url", "link", "permalink", "guid_url", "enlace"],
    "lang": ["lang", "language", "idioma"],
}

LANGUAGE_NAMES = {
    "english": "en", "spanish": "es", "español": "es", "espanol": "es", "portuguese": "pt",
    "french": "fr", "german": "de", "italian": "it", "catalan": "ca", "dutch": "nl",
    "russian": "ru", "chinese": "zh", "japanese": "ja", "arabic": "ar", "korean": "ko",
    "eng": "en", "spa": "es", "por": "pt", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de",
}


def norm_key(name) -> str:
    return "_".join(scrub(str(name)).strip().lower().replace("-", " ").split())


# ISO 639-1 codes: a two-letter value outside this list (a country code such as "US") is
# not trusted, and the language is detected from the text instead.
ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz
ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln
lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi
pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())


def normalise_lang(value) -> str:
    """ISO 639-1 code for a language code or English name; "" when there is none.

    >>> normalise_lang("Spanish"), normalise_lang("en-US"), normalise_lang(""), normalise_lang("US")
    ('es', 'en', '', '')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    v = str(value).strip().lower()
    if not v:
        return ""
    if v in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[v]
    v = v.replace("_", "-").split("-")[0]
    if v in ISO_639_1:
        return v
    return LANGUAGE_NAMES.get(v, "")


@dataclass
class RawRecord:
    locator: str
    fields: dict
    raw: str = ""
    notes: list = field(default_factory=list)


@dataclass
class Rejection:
    source: str
    record: str
    reason: str
    raw: str = ""

    def as_row(self) -> dict:
        return {"source": scrub(self.source), "record": scrub(self.record),
                "reason": scrub(self.reason), "raw": scrub((self.raw or "")[:500])}


def skipped_file(display: str, reason: str, fmt: str = "") -> FileResult:
    """The result of a file that was not read (hidden, of a type the kit does not read,
    unreadable inside a folder or an archive): one rejected record with the reason."""
    r = FileResult(file=display, format=fmt or "unknown", note=reason)
    r.rejections.append(Rejection(display, display, reason, ""))
    return r


def resolve_columns(keys, *, mapping: dict | None = None, path=None) -> dict[str, str]:
    """Decide which input field feeds which schema column.

    ``mapping`` ({schema column: input field}) overrides the synonyms.
    """
    normed = {}
    for k in keys:
        normed.setdefault(norm_key(k), k)
    chosen: dict[str, str] = {}
    for col, input_name in (mapping or {}).items():
        if col not in SYNONYMS:
            raise InputError(
                f"--map names '{col}', which is not a column of the article schema",
                path=path, hint="map one of: " + ", ".join(SYNONYMS),
            )
        if input_name not in keys and norm_key(input_name) not in normed:
            raise InputError(
                f"--map {col}={input_name}: the file has no column '{input_name}'",
                path=path, hint="columns found: " + ", ".join(map(str, list(keys)[:20])),
            )
        chosen[col] = input_name if input_name in keys else normed[norm_key(input_name)]
    used = set(chosen.values())
    for col, names in SYNONYMS.items():
        if col in chosen:
            continue
        for n in names:
            if n in normed and normed[n] not in used:
                chosen[col] = normed[n]
                used.add(normed[n])
                break
    return chosen


def check_required(chosen: dict, keys, *, path) -> None:
    shown = ", ".join(map(str, list(keys)[:15])) or "none"
    if "published_at" not in chosen:
        raise InputError(
            f"no date column (looked for {', '.join(SYNONYMS['published_at'][:6])}...; "
            f"columns found: {shown})",
            path=path, hint="name the date column with --map published_at=COLUMN",
        )
    if "title" not in chosen and "text" not in chosen:
        raise InputError(
            f"no title or text column (columns found: {shown})",
            path=path, hint="name them with --map title=COLUMN or --map text=COLUMN",
        )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, (dict, list)):
        return scrub(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
    return scrub(str(value))


def _domain(url: str) -> str:
    try:
        host = urlsplit(url).netloc.lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


@dataclass
class Options:
    mapping: dict | None = None
    dayfirst: bool | None = None
    now: pd.Timestamp | None = None
    date_fallback: str | None = None  # input field used when the date field is empty
    sheet: str | None = None  # the one sheet of a workbook to read (default: every sheet)
    date: str | None = None  # the publication date of pages that carry none (--date)


def build_articles(records, *, chosen: dict, options: Options, source_name: str):
    """Turn raw records into article rows and rejections.

    Returns (rows: list[dict], rejections: list[Rejection]). Each record is handled on
    its own, so long lists are split over the cores and the pieces joined in order.
    """
    records = records if isinstance(records, list) else list(records)
    parts = run_chunks(lambda a, b: _build(records[a:b], chosen=chosen, options=options, source_name=source_name),
                       len(records), min_rows=4000)
    if len(parts) == 1:
        return parts[0]
    return [r for p in parts for r in p[0]], [r for p in parts for r in p[1]]


def _build(records, *, chosen: dict, options: Options, source_name: str):
    rows, rejected = [], []
    consumed = set(chosen.values())
    if options.date_fallback:
        consumed.add(options.date_fallback)
    for rec in records:
        title = clean_title(_field(rec.fields, chosen, "title"))
        text = clean_text(_field(rec.fields, chosen, "text"))
        if not title and not text:
            rejected.append(Rejection(source_name, rec.locator, "no title and no text", rec.raw))
            continue
        notes = list(rec.notes)
        ts, reason = _publication_time(rec.fields, chosen, options, notes)
        if ts is None:
            rejected.append(Rejection(source_name, rec.locator, reason, rec.raw))
            continue
        rows.append(_article_row(rec, title, text, ts, notes, chosen=chosen, consumed=consumed))
    return rows, rejected


def _field(fields: dict, chosen: dict, col: str) -> str:
    """The text of the input field that feeds schema column ``col`` ("" when none does)."""
    return _cell(fields.get(chosen[col])) if col in chosen else ""


def _publication_time(fields: dict, chosen: dict, options: Options, notes: list):
    """(timestamp, None) or (None, reason) for a record's date field; when it is empty and
    the format names a field to fall back on (Media Cloud's indexed date), that one, with
    a note added to ``notes``."""
    date_raw = fields.get(chosen["published_at"]) if "published_at" in chosen else None
    if (date_raw is None or _cell(date_raw).strip() == "") and options.date_fallback:
        fb = fields.get(options.date_fallback)
        if _cell(fb).strip():
            notes.append(f"{chosen.get('published_at', 'date')} empty; used {options.date_fallback}")
            date_raw = fb
    return parse_date(date_raw if not isinstance(date_raw, str) else date_raw.strip(),
                      dayfirst=options.dayfirst, now=options.now)


def _article_row(rec, title: str, text: str, ts, notes: list, *, chosen: dict, consumed: set) -> dict:
    """A record that is an article, as a row of the schema (and its extra fields)."""
    fields = rec.fields
    url = _field(fields, chosen, "url").strip()
    outlet = " ".join(unicodedata.normalize("NFC", _field(fields, chosen, "outlet")).split())
    if not outlet:
        outlet = _domain(url) or "(unknown outlet)"
    lang = normalise_lang(_field(fields, chosen, "lang")) or detect_language(title + "\n" + text)
    url_key = normalise_url(url)
    row = {
        "article_id": "",
        "published_at": ts,
        "outlet": outlet,
        "title": title,
        "text": text,
        "url": url,
        "lang": lang,
        "source": rec.locator,
        "_url_key": url_key,  # for the "same url" check; taken off before load() returns
        "_text_key": text_key(text),  # for the "same text" check and the signature cache; likewise
    }
    _add_extras(row, fields, consumed)
    if notes:
        row["load_note"] = "; ".join(notes)
    row["article_id"] = article_id_from_normalised(url_key, outlet, title, ts)
    return row


def _add_extras(row: dict, fields: dict, consumed: set) -> None:
    """Keep the input fields that feed no schema column, under their normalised names."""
    for k, v in fields.items():
        if k in consumed:
            continue
        name = norm_key(k)
        if not name or name == "article_id":
            continue
        # an input column whose name is taken (a "source" beside "outlet", a repeated
        # header) is kept under a numbered name rather than lost
        base, n = name, 1
        while name in row or name == "load_note":
            n += 1
            name = f"{base}_{n}"
        row[name] = _cell(v)


def rows_to_frame(rows: list[dict]) -> pd.DataFrame:
    """Article rows to a DataFrame with the schema's columns first and their dtypes."""
    if not rows:
        return empty_articles()
    df = pd.DataFrame(rows)
    extras = [c for c in df.columns if c not in COLUMNS]
    for c in STRING_COLUMNS + extras:
        df[c] = df[c].fillna("").astype("string")
    df["published_at"] = pd.to_datetime(df["published_at"], utc=True).astype("datetime64[ns, UTC]")
    return df[COLUMNS + extras]
