"""Random texts with planted near copies, for the duplicate tests (tests/test_fast_minhash.py,
tests/test_clean_duplicates.py)."""

import random

WORDS = ["cartel", "navy", "strike", "boat", "mexico", "sovereignty", "tariff", "border", "minister",
         "congress", "vessel", "designation", "terrorist", "intelligence", "cooperation", "invasion",
         "president", "treasury"]


def random_texts(n=300, seed=3):
    """Random 60-word texts; every fifth one a copy of an earlier one with a few edits
    (some drift below the threshold), then an exact copy of text 7 and a short text."""
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        if i >= 5 and i % 5 == 0:
            words = texts[rng.randrange(i)].split()
            for _ in range(rng.randint(0, 12)):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(WORDS) + str(rng.randrange(40)) for _ in range(60)))
    texts.append(texts[7])
    texts.append("too short to sign")
    return texts
