"""Frame scoring: the trie-factored pattern matches what the plain alternation of the
lexicon's terms (longest first) matches."""

import re

import pandas as pd
import pytest

from coveragekit._fast.trie import trie_pattern
from coveragekit.frames import FrameScorer, add_frames, frame_shares, score_frames


def _plain(terms, prefixes):
    alts = [re.escape(t).replace(r"\ ", r"\s+") for t in sorted(terms, key=len, reverse=True)]
    alts += [re.escape(p) + r"\w*" for p in sorted(prefixes, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")


def _trie(terms, prefixes):
    alts = [trie_pattern(terms) + r"(?!\w)",
            trie_pattern(prefixes, space=re.escape(" ")) + r"\w*(?!\w)"]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")")


def test_trie_pattern_finds_what_the_plain_alternation_finds():
    terms = ["war", "war powers", "war powers act", "strike", "air strike", "semi-submersible", "us", "u"]
    prefixes = ["strik", "war crime", "warship", "soberan", "air"]
    text = ("The war powers  act, war-powers, war\npowers act; warships and a warship. Air strikes, "
            "airstrike, air strike, strikes, striking; soberania soberanías; semi-submersible vessels; "
            "us, u, usa; war crimes; war crime; warpowers.")
    assert _trie(terms, prefixes).findall(text) == _plain(terms, prefixes).findall(text)


def test_scores_count_the_longest_term_once():
    lex = pd.DataFrame({"frame": ["legality", "military", "military"],
                        "term": ["war powers", "war", "strike*"], "lang": ["en", "en", "en"]})
    arts = pd.DataFrame({"article_id": ["a"], "title": ["War"], "lang": ["en"],
                         "text": ["The War Powers debate; strikes and more strikes."]})
    got = score_frames(arts, lexicon=lex)[["frame", "n"]].to_dict("records")
    assert got == [{"frame": "legality", "n": 1}, {"frame": "military", "n": 3}]


def test_a_scorer_gives_the_same_counts_on_a_second_pass():
    scorer = FrameScorer()
    text = "Soberanía, soberanía nacional; military strikes and a naval deployment."
    assert scorer.count(text, "und") == scorer.count(text, "und")


def test_words_counted_before_are_used_for_the_score():
    from coveragekit.frames import score_frames

    lex = pd.DataFrame({"frame": ["sovereignty"], "term": ["soberan*"], "lang": ["es"]})
    arts = pd.DataFrame({"article_id": ["a", "b"], "title": ["Soberanía", "Nada"], "lang": ["es", "es"],
                         "text": ["Defender la soberanía nacional.", "Sin términos aquí."]})
    counted = score_frames(arts, lexicon=lex)
    # title and text: 1 + 4 words, 2 matches -> 400 per 1,000 words; "b" matches nothing
    assert counted[["article_id", "n", "score"]].to_dict("records") == [{"article_id": "a", "n": 2, "score": 400.0}]
    given = score_frames(arts.assign(w=[10, 3]), lexicon=lex, words="w")
    assert given[["article_id", "n", "score"]].to_dict("records") == [{"article_id": "a", "n": 2, "score": 200.0}]


# worked out by hand (from tests/test_analyses.py)
LEX = pd.DataFrame(
    [
        ("legality", "war powers", "en"),
        ("legality", "due process", "en"),
        ("security_military", "boat strike*", "en"),
        ("security_military", "destroyer*", "en"),
        ("sovereignty", "soberan*", "es"),
        ("sovereignty", "sovereignty", "en"),
        ("economy_trade", "tariff*", "en"),
        ("economy_trade", "arancel*", "es"),
    ],
    columns=["frame", "term", "lang"],
)


def _arts(rows):
    df = pd.DataFrame(rows, columns=["article_id", "title", "text", "lang"])
    df["published_at"] = pd.Timestamp("2025-09-02", tz="UTC")
    return df


def test_frame_terms_multiword_prefix_accents_and_length_normalisation():
    arts = _arts([
        ("a", "War Powers vote", "Senators debated the war  powers resolution and due process after the boat strikes.", "en"),
        ("b", "", "La SOBERANÍA nacional y los aranceles: defender la soberania.", "es"),
        ("c", "Workers strike", "The union strike closed the plant.", "en"),
    ])
    s = score_frames(arts, lexicon=LEX)
    got = {(r.article_id, r.frame): r.n for r in s.itertuples()}
    # a: "War Powers" (title) + "war  powers" + "due process" = 3 legality; "boat strikes" = 1 security
    # b: "SOBERANÍA", "soberania" = 2 sovereignty (es); "aranceles" = 1 trade
    # c: a labour "strike" is no frame term
    assert got == {("a", "legality"): 3, ("a", "security_military"): 1,
                   ("b", "sovereignty"): 2, ("b", "economy_trade"): 1}
    # a has 3 title words + 13 text words = 16 words
    a_leg = s[(s.article_id == "a") & (s.frame == "legality")].score.iloc[0]
    assert a_leg == pytest.approx(1000 * 3 / 16)
    framed = add_frames(arts, lexicon=LEX)
    assert list(framed["dominant_frame"]) == ["legality", "sovereignty", ""]
    assert "dominant_frame" not in arts.columns  # input untouched


def test_undetermined_language_uses_every_language():
    scorer = FrameScorer(LEX)
    assert scorer.count("tariff y arancel", "und") == {"economy_trade": 2}
    assert scorer.count("tariff y arancel", "es") == {"economy_trade": 1}


def test_frame_shares_by_period():
    df = pd.DataFrame({
        "published_at": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-01-30", "2025-02-01"], utc=True),
        "dominant_frame": ["legality", "legality", "", "sovereignty"],
    })
    sh = frame_shares(df)
    jan = sh[sh["period"] == pd.Timestamp("2025-01-01")].set_index("frame")["share"].to_dict()
    assert jan == {"(none)": pytest.approx(1 / 3), "legality": pytest.approx(2 / 3)}
