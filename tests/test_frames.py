"""Frame scoring: the trie-factored pattern matches what the plain alternation of the
lexicon's terms (longest first) matches."""

import re

import pandas as pd

from coveragekit._fast.trie import trie_pattern
from coveragekit.frames import FrameScorer, score_frames


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
