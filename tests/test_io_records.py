"""coveragekit.io._records: from raw records to articles (what a record's text may carry).

Moved from tests/test_bad_inputs.py: every record accounted for."""

from io_checks import accounted, write

import coveragekit as ck


def test_html_and_script_tags_in_titles_and_bodies(tmp_path):
    p = write(tmp_path, "tags.csv",
              'date,title,text\n'
              '2025-03-01,"<script>alert(1)</script> <b>Cartels</b> &amp; tariffs",'
              '"<p>First <i>para</i>.</p><script>steal()</script><p>Second &lt;b&gt;para&lt;/b&gt;.</p>'
              '<style>p {color: red}</style>"\n')
    a = accounted(ck.load(p)).articles.iloc[0]
    assert a["title"] == "<script>alert(1)</script> Cartels & tariffs"  # visible, as text
    assert a["text"] == "First para.\n\nSecond para."
