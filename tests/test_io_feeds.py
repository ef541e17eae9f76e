"""coveragekit.io.feeds: RSS and Atom feeds, cut short or malformed.

Moved from tests/test_bad_inputs.py: the loader either stops with one clear line or loads
with every record accounted for."""

import pytest
from io_checks import accounted, one_line_error, reasons, write

import coveragekit as ck

_HEAD = '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed Example</title>'


def _item(title, n, extra=""):
    return (f"<item><title>{title}</title><link>https://feed-example.org/{n}</link>"
            f"<pubDate>Thu, 20 Feb 2025 14:0{n}:00 GMT</pubDate><description>Body {n}{extra}</description></item>")


def test_rss_cut_inside_an_entry(tmp_path):
    p = write(tmp_path, "cut.rss", _HEAD + _item("One", 1) + _item("Two", 2) + "<item><title>Thr")
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["One", "Two"]
    assert reasons(loaded) == {
        "cut.rss:entry 3": "the file ends inside this entry (truncated download?); "
                           "the entries before it were kept",
    }
    assert loaded.files.loc[0, "note"].startswith("truncated feed (")


def test_rss_cut_after_a_complete_entry_loses_nothing(tmp_path):
    p = write(tmp_path, "cut_after.rss", _HEAD + _item("One", 1) + _item("Two", 2))
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["One", "Two"]
    assert loaded.n_read == 2 and len(loaded.rejected) == 0
    assert loaded.files.loc[0, "note"].startswith("malformed feed (")


def test_rss_with_an_unescaped_ampersand_loses_nothing(tmp_path):
    p = write(tmp_path, "amp.rss", _HEAD + _item("One", 1) + _item("Tariffs & trade", 2, " & more") + "</channel></rss>")
    loaded = accounted(ck.load(p))
    assert loaded.n_read == 2 and len(loaded.articles) == 2
    assert loaded.articles.loc[1, "text"] == "Body 2 & more"


def test_rss_where_an_unclosed_cdata_swallows_an_entry(tmp_path):
    p = write(tmp_path, "cdata.rss",
              _HEAD + _item("One", 1) + "<item><title>Two</title><pubDate>Thu, 20 Feb 2025 14:02:00 GMT</pubDate>"
              "<description><![CDATA[never closed</description></item>"
              + _item("Three", 3) + "</channel></rss>")
    loaded = accounted(ck.load(p))
    assert loaded.n_read == 3  # three <item> tags in the file
    assert list(loaded.articles["title"]) == ["One", "Two"]
    assert list(loaded.rejected["record"]) == ["cdata.rss:entry 3"]
    assert "the file has 3 entries but only 2 could be read" in loaded.rejected.loc[0, "reason"]


def test_atom_html_title_with_script_stays_visible_and_the_body_loses_it(tmp_path):
    p = write(tmp_path, "hostile.atom",
              '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
              '<entry><title type="html">&lt;script&gt;alert(1)&lt;/script&gt; Headline</title>'
              '<updated>2025-02-20T10:00:00Z</updated>'
              '<content type="html">&lt;p&gt;Hi &lt;script&gt;x()&lt;/script&gt;there&lt;/p&gt;</content></entry></feed>')
    a = accounted(ck.load(p)).articles.iloc[0]
    assert a["title"] == "<script>alert(1)</script> Headline"
    assert a["text"] == "Hi there"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("catalog.xml", '<?xml version="1.0"?><catalog><book>Not a feed</book></catalog>'),
        ("drawing.xml", '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'),
        ("page.rss", "<!doctype html><html><body><p>A web page</p></body></html>"),
    ],
)
def test_xml_that_is_not_a_feed_is_one_clear_error(tmp_path, name, content):
    one_line_error(write(tmp_path, name, content), "is not a readable RSS or Atom feed")


def test_feed_without_entries_loads_nothing(tmp_path):
    loaded = accounted(ck.load(write(tmp_path, "empty.rss", _HEAD + "</channel></rss>")))
    assert loaded.n_read == 0
