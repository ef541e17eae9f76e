NOTEBOOKS["00_quick_start.ipynb"] = [
md("""
# 00 · Quick start: the whole pipeline in ten cells

This notebook runs every step of coveragekit on the **demo corpus**: a year of coverage of the US
policy of designating Latin American drug cartels as foreign terrorist organizations, the boat
strikes in the Caribbean and the Pacific, and Mexico's answer of cooperation without subordination.

> **The demo corpus is fiction written for teaching.** Its nine outlets do not exist; the events it
> reports follow the documented record, and real people are quoted only where the words render a
> documented public statement. See `data/README.md`.

The later notebooks open each step up: how it works, what it cannot see, and exercises.
"""),
code(SETUP),
md("""
**1. Load.** `load_demo()` reads the bundled files (JSON Lines and saved web pages) into one table,
the *article schema*. Nothing is dropped silently: every record read is either an article or a row
of the rejection table, with its reason.
"""),
code("""loaded = ck.load_demo()
print(loaded.summary())"""),
code("""loaded.articles[["published_at", "outlet", "lang", "title"]].head()"""),
md("""
**2. Analyse.** `run_analysis` scores sentiment, fits topics (choosing their number on the data),
finds actors, quotes and frames, and builds the time series. It returns every table at once; the
command `coveragekit analyze --demo --out build/demo` writes the same tables as CSV.
"""),
code("""result = ck.run_analysis(loaded, random_state=0)
print(result.summary_line())"""),
md("**3. Coverage over time**, with the events of `data/events.csv` as dotted lines (numbered in order)."),
code("""ax = ck.plot.plot_volume(result.articles, events=result.events)"""),
md("**4. Tone.** Mean TextBlob polarity of English articles per month, by outlet group, with 95% intervals."),
code("""ax = ck.plot.plot_sentiment(result.articles)"""),
md("**5. Topics**: the model's word-use patterns and how many articles each leads."),
code("""result.topics"""),
md("**6. Who is in the story, and who gets to speak.**"),
code("""shares = ck.quote_share(result.quotes, result.mentions)
ax = ck.plot.plot_quoted_vs_mentioned(shares, top=12)"""),
md("**7. Frames**: which vocabulary of the debate dominates each month."),
code("""ax = ck.plot.plot_frame_shares(result.articles, events=result.events)"""),
md("""
## Where next

* `01` loading and cleaning — formats, rejections, boilerplate, duplicates and syndication
* `02` sentiment · `03` topics · `04` actors and quotes · `05` frames and keyness
* `06` the coverage narrative · `07` bring your own articles

**Exercise.** Re-run the analysis with `period="week"` and compare the volume chart: which events
does the monthly view hide?
"""),
]

NOTEBOOKS["01_loading_and_cleaning.ipynb"] = [
md("""
# 01 · Loading and cleaning

Journalists bring articles in many shapes: a Media Cloud story list, a GDELT export, an RSS feed, a
spreadsheet, a folder of pages saved from a browser. `coveragekit.load` turns all of them into **one
table with one schema**, and keeps an account of every record it could not use.

In this notebook: the schema, the formats, the rejection table, boilerplate stripping, language
detection, and duplicates — including wire copy republished by several outlets.
"""),
code(SETUP),
md("""
## The article schema

Every loader produces the same columns: `article_id` (stable across runs: from the URL, else from
outlet + title + date), `published_at` (UTC), `outlet`, `title`, `text` (may be empty), `url`,
`lang` (ISO 639-1, `und` when unsure) and `source` (file and record). Extra columns the input
carried are kept after them.
"""),
code("""ck.COLUMNS"""),
md("""
## Many formats, one table

The test fixtures hold small files in each format. A Media Cloud export has no article text and
sometimes no `publish_date`; the loader then falls back to `indexed_date` and says so in `load_note`.
"""),
code("""mc = ck.load("../tests/fixtures/io/mediacloud_export.csv")
mc.articles[["source", "published_at", "outlet", "title", "lang", "load_note", "dup_kind"]]"""),
md("""
Two records were not loaded. The **rejection table** says which and why; for every load,
records read = articles + rejected.
"""),
code("""mc.rejected[["record", "reason"]]"""),
code("""mc.files"""),
md("""
A GDELT DOC 2.0 `artlist` export names languages in English ("Spanish") and dates as
`20250808T173000Z`; both are normalised. A record whose date cannot be read is rejected with the
value that failed.
"""),
code("""gd = ck.load("../tests/fixtures/io/gdelt_artlist.json")
gd.articles[["published_at", "outlet", "lang", "sourcecountry", "title"]]"""),
code("""gd.rejected[["record", "reason", "raw"]]"""),
md("""
## Saved pages and their boilerplate

A page saved from a browser carries menus, a cookie banner, share buttons, "Read also" links and
lists of related stories. HTML goes through **trafilatura**, a maintained main-text extractor;
pasted text and Markdown go through the kit's boilerplate filter. Compare the raw file with what was
kept:
"""),
code("""raw = open("../tests/fixtures/io/pasted_page.txt", encoding="utf-8").read()
print(raw)"""),
code("""page = ck.load("../tests/fixtures/io/pasted_page.txt").articles.iloc[0]
print(page["title"])
print(page["published_at"])
print()
print(page["text"])"""),
md("""
## Language

Language is detected offline from function words ("the", "of", "que", "los"…) and spelling marks
(ñ, ¿, -ción). It is deterministic, and says `und` (undetermined) rather than guess on a short
headline. Where the export names the language, the export wins.
"""),
code("""for text in ["La presidenta dijo que no habrá invasión.", "The Senate rejected the resolution.",
             "Sheinbaum: no habrá invasión", "CJNG"]:
    print(f"{ck.detect_language(text):>4}  {text}")"""),
md("""
## The demo corpus: languages, outlets, title-only records
"""),
code("""demo = ck.load_demo()
arts = demo.articles
pd.crosstab(arts["outlet"], arts["lang"], margins=True)"""),
code("""print("title-only records:", int((arts["text"] == "").sum()))
print("records read:", demo.n_read, "| loaded:", len(arts), "| rejected:", len(demo.rejected))"""),
md("""
## Duplicates and syndication

Wire stories are republished by many outlets with small edits — a new headline, a trimmed
paragraph, a local sentence. Counting each copy as independent coverage inflates the wire's voice.
The loader marks three kinds of duplicate and **drops none** (unless asked with
`drop_duplicates=True`, which moves the copies to the rejection table):

* `same url` and `same text` — exact copies;
* `near duplicate` — MinHash signatures of word 3-grams and locality-sensitive hashing find pairs
  whose estimated Jaccard similarity is at least 0.5, without comparing all pairs (so it scales to
  100,000 articles).

`dup_cluster` is the id of the earliest copy; it is marked `original`.
"""),
code("""dups = arts[arts["dup_cluster"] != ""].sort_values(["dup_cluster", "published_at"])
dups[["dup_cluster", "dup_kind", "outlet", "published_at", "title"]]"""),
code("""ax = ck.plot.plot_duplicates(arts)"""),
md("""
**What this cannot see.** A story rewritten from the same press release, or translated, shares
facts but not word sequences: near-duplicate detection misses it. Conversely, two short items built
from the same official statement can look like copies. Read the clusters before removing anything.

## Exercises

1. Save a news page from your browser (File → Save page as…) into a folder and load it with
   `ck.load("that/folder")`. What did the extractor keep? What did it lose?
2. Load `../tests/fixtures/io/broken_lines.jsonl`. Which lines were rejected, and why?
3. Lower the near-duplicate threshold: `ck.mark_duplicates(arts, threshold=0.3)`. Which new pairs
   appear, and are they really copies?
"""),
]

NOTEBOOKS["02_sentiment.ipynb"] = [
md("""
# 02 · Sentiment: what a lexicon can and cannot tell you about news

TextBlob gives every text a **polarity** (−1 negative … +1 positive) and a **subjectivity**
(0 factual … 1 opinionated). It does not understand the text: it looks up the words it knows in a
lexicon of about 2,900 English adjectives, adjusts them for intensifiers ("very") and negation
("not"), and averages. This notebook shows the words behind a score, where the method fails on news
about cartels and military strikes, a second instrument to compare it with, and the tone of the
coverage over time, by outlet and around each actor.
"""),
code(SETUP),
md("""
## The words behind a score

`ck.assessments` lists what TextBlob assessed in a text: each word or phrase with its polarity and
subjectivity. The article's score is the average of these rows.
"""),
code("""text = "The agreement is a good and very important step, officials said, but critics called it a dangerous mistake."
ck.assessments(text)"""),
code("""from textblob import TextBlob

TextBlob(text).sentiment"""),
md("""
## Where it fails on this story

The vocabulary of this story is mostly *absent* from the lexicon. "Strike", "cartel", "terrorist",
"killed" and "invasion" carry no score at all; what TextBlob sees are incidental adjectives.
"""),
code("""examples = [
    "US forces carried out a lethal strike on a boat, killing 11 people.",
    "The cartel was designated a foreign terrorist organization.",
    "Sheinbaum said there will be no invasion.",
    "The strike was not illegal, the administration argued.",
    "The strike was not legal, the professor argued.",
    "Mexico will never accept subordination.",
    "La presidenta dijo que la cooperación es buena.",
]
pd.DataFrame([{"text": t, **TextBlob(t).sentiment._asdict()} for t in examples])"""),
md("""
Read the table row by row:

* a lethal strike that kills eleven people scores **0**: no word of it is in the lexicon;
* the designation sentence is mildly negative only because of the word "foreign";
* "no invasion" is 0 — "invasion" is not in the lexicon, so there is nothing to negate;
* "not illegal" comes out positive and "not legal" negative: negation flips the one adjective
  that is there, whatever the sentence means;
* the Spanish sentence scores 0 because TextBlob knows no Spanish word at all. A zero here is not
  "neutral", it is "not measured" — which is why **the kit does not score non-English texts**: it
  leaves them empty with a reason, instead of printing a number that looks like a measurement.
"""),
md("""
## The corpus, scored

`add_sentiment` adds `polarity`, `subjectivity` and `title_polarity` — each exactly TextBlob's own
score for that cell (the kit re-implements TextBlob's scoring to run several times faster, and its
tests prove the numbers equal). Title-only records are scored on the title and marked in
`sentiment_basis`.
"""),
code("""arts = ck.add_sentiment(ck.load_demo().articles)
arts[["outlet", "lang", "polarity", "subjectivity", "sentiment_basis", "sentiment_note"]].head(8)"""),
code("""arts["sentiment_note"].value_counts()"""),
md("""
## A second instrument

VADER is another English lexicon, built for social media, with its own word list and rules. When two
instruments disagree, neither should be trusted alone. `sentiment_agreement` reports the correlation
of the two scores and the share of articles where their signs agree.
"""),
code("""arts = ck.add_vader(arts)
ck.sentiment_agreement(arts)"""),
code("""ax = ck.plot.plot_agreement(arts)"""),
md("""
## Over time and by outlet

The band is a 95% t-interval of the monthly mean; hollow points rest on fewer than five articles —
too few to say anything.
"""),
code("""arts["outlet_group"] = ck.outlet_groups(arts)
ax = ck.plot.plot_sentiment(arts, by="outlet_group", events=ck.load_events())"""),
code("""(arts.dropna(subset=["polarity"])
     .groupby("outlet")[["polarity", "subjectivity"]]
     .agg(["mean", "count"]).round(3))"""),
md("""
## Sentiment around each actor

An article-level score mixes everything in the article. `actor_sentiment` averages only the
sentences that name an actor (sentences are split offline, in English and Spanish).
"""),
code("""spans = ck.mention_spans(arts)
per_article = ck.actor_sentiment(arts, spans[spans["field"] == "text"])
(per_article.groupby("actor")
    .agg(articles=("article_id", "nunique"), sentences=("n_sentences", "sum"), polarity=("polarity", "mean"))
    .query("articles >= 10").sort_values("polarity").round(3))"""),
md("""
**What this cannot see.** A sentence that names Sheinbaum and the word "good" is not a judgement of
Sheinbaum; attribution ("critics said…") and quotation are invisible; sarcasm reads as praise. Treat
these numbers as a description of word use, and read the sentences before you write a claim.

## Exercises

1. Pick the most negative and the most positive English article (`arts.nsmallest(1, "polarity")`).
   Read them. Do you agree with the scores? Use `ck.assessments` on them.
2. Write three sentences about a boat strike that a reader finds clearly negative but that TextBlob
   scores as neutral or positive.
3. Which outlet group is most subjective? Is that the opinion site, as you would expect?
"""),
]

NOTEBOOKS["03_topics.ipynb"] = [
md("""
# 03 · Topics: clusters of word use

A topic model looks for groups of words that tend to appear together. coveragekit uses
**non-negative matrix factorization** (NMF) of the TF-IDF document-term matrix: each article becomes
a mix of a few topics, each topic a weighted list of words. LDA is available as an option
(`TopicModel(method="lda")`). The model knows nothing about meaning; *you* name the topics, after
reading their words and their articles.
"""),
code(SETUP),
code("""arts = ck.load_demo().articles
docs = ck.doc_texts(arts)
len(docs)"""),
md("""
## How many topics? Look at the evidence

There is no true number of topics. `choose_n_topics` gives two kinds of evidence for each candidate:

* **stability** — refit on random 80% subsamples; do the same topics (top-10 words) come back?
  1 means identical every time;
* **coherence** (UMass) — do a topic's top words actually occur in the same articles? Closer to 0
  is better.

It recommends the most stable candidate (within 0.05 of the best), preferring coherence.
"""),
code("""evidence = ck.choose_n_topics(docs, candidates=(4, 6, 8, 10, 12), random_state=0)
evidence"""),
code("""k = int(evidence.loc[evidence["recommended"], "n_topics"].iloc[0])
model = ck.TopicModel(n_topics=k, random_state=0).fit(docs)
weights = model.transform(docs)
ck.topic_table(model, weights)"""),
md("""
## Reading topics

The bars show each topic's heaviest words. Notice the topics that are really *languages*: in a
bilingual corpus, Spanish articles share function-like words the English ones never use.
"""),
code("""fig, axes = plt.subplots(2, (k + 1) // 2, figsize=(11, 5), dpi=80, constrained_layout=True)
for topic, ax in zip(range(k), axes.flat):
    ck.plot.plot_topic_terms(model, topic=topic, n_terms=6, ax=ax)
for ax in axes.flat[k:]:
    ax.set_axis_off()"""),
md("Read two articles of each topic before naming it:"),
code("""with_topics = ck.add_topics(arts, model=model)
(with_topics.sort_values("topic_weight", ascending=False)
    .groupby("topic").head(2)[["topic", "topic_label", "outlet", "title"]]
    .sort_values("topic"))"""),
md("## Topics over time"),
code("""ax = ck.plot.plot_topic_shares(with_topics, events=ck.load_events())"""),
md("""
## Same seed, same topics

NMF starts from a deterministic initialisation here, and `random_state` fixes everything else: the
same articles and options give the same topics, which is what lets CI check this notebook.
"""),
code("""again = ck.TopicModel(n_topics=k, random_state=0).fit(docs)
again.top_terms_ == model.top_terms_"""),
md("""
**What this cannot see.** Topics follow vocabulary, not events: a strike story and a court story
that share the words "legal" and "Congress" can land together. Short title-only records carry very
few words and get weak, noisy topic weights. Topics fitted on one corpus do not transfer to
another without checking.

## Exercises

1. Fit a model on the English articles only (`arts[arts.lang == "en"]`). Do the topics change?
2. Try `method="lda"` with the same k. Which topics survive the change of model?
3. Name each topic in three words of your own, then compare your names with a classmate's.
"""),
]

NOTEBOOKS["04_actors_and_quotes.ipynb"] = [
md("""
# 04 · Actors and quotes: who is in the story, and who gets to speak

Counting names is the oldest tool of content analysis. Done naively it fails on this story at once:
"Trump" inside "the Trump administration", "Mexico" inside "Mexico City" or "Gulf of Mexico",
"Gulf" in "Gulf Cartel" and in "Gulf of America", "us" the pronoun and "US" the country. The kit
matches the aliases of an **editable actor table** (`data/actors.csv`), case- and accent-aware, with
possessives, and the longest match wins.
"""),
code(SETUP),
md("## The actor table is data: open it, edit it, add your own"),
code("""actors = ck.default_actor_table()
print(len(actors), "actors")
actors[actors["actor"].isin(["Claudia Sheinbaum", "Donald Trump", "Trump administration", "CJNG", "Mexico City"])]"""),
code("""matcher = ck.ActorMatcher(actors)
sentence = "The Trump administration's envoy met Sheinbaum in Mexico City; Donald Trump later praised Mexico's army."
[(m.matched if hasattr(m, "matched") else sentence[m.start:m.end], m.actor, m.kind) for m in matcher.find(sentence)]"""),
md("""
## Mentions over time

`find_mentions` returns one row per article and actor (long format). Places are matched — they stop
false matches — but left out of actor charts.
"""),
code("""loaded = ck.load_demo()
arts = loaded.articles
mentions = ck.find_mentions(arts, actors=actors)
mentions.head()"""),
code("""(mentions[mentions["kind"] != "place"]
    .groupby(["actor", "kind"])["article_id"].nunique()
    .sort_values(ascending=False).head(15).rename("articles").reset_index())"""),
code("""ax = ck.plot.plot_actor_mentions(mentions, arts, top=12)"""),
md("""
## Who appears together

Two actors co-occur when one article names both. The weight is the Jaccard index of their article
sets: shared articles divided by the articles naming either.
"""),
code("""edges = ck.cooccurrence(mentions)
edges.sort_values("n_articles", ascending=False).head(10)"""),
code("""ax = ck.plot.plot_cooccurrence(edges, top=14, min_articles=3)"""),
md("""
## Who gets to speak

A mention is not a voice. `find_quotes` finds direct quotations with a speaker and a reporting verb
("said", "told", "warned", "according to"; "dijo", "afirmó", "señaló", "según"), including partial
quotes inside indirect speech — *Sheinbaum has said there will be "no invasion"* — and resolves the
speaker to an actor of the table where it can.
"""),
code("""quotes = ck.find_quotes(arts, actors=actors)
quotes[["speaker", "actor", "cue", "quote"]].head(10)"""),
code("""shares = ck.quote_share(quotes, mentions)
shares.head(12)"""),
code("""ax = ck.plot.plot_quoted_vs_mentioned(shares, top=12)"""),
md("""
By outlet group: whose words does each side's press carry?
"""),
code("""groups = ck.outlet_groups(arts)
q = quotes.merge(arts[["article_id"]].assign(group=groups.to_numpy()), on="article_id")
top = q[q["actor"] != ""]["actor"].value_counts().head(8).index
pd.crosstab(q[q["actor"].isin(top)]["actor"], q[q["actor"].isin(top)]["group"])"""),
md("""
**What this cannot see.** Pronouns ("she said") are resolved only to the last named person before
them; paraphrase ("Sheinbaum rejected…") is not a quote; a quote whose speaker is not in the table
keeps the name as written with an empty actor. Unlisted actors are invisible: the table decides.

## Exercises

1. Add a row for a person missing from `actors.csv` (name, kind, country, aliases) and re-run.
2. Find three quotes with an empty `actor`. Who are the speakers? Should the table include them?
3. Which actor is most mentioned but least quoted? Write two sentences on what that means for the
   coverage.
"""),
]

NOTEBOOKS["05_frames_and_keyness.ipynb"] = [
md("""
# 05 · Frames and keyness

A **frame** is the angle from which a story is told: the same boat strike can be a security story, a
legal story, a sovereignty story or a human-rights story. The kit scores each article against an
editable lexicon (`data/frames.csv`, English and Spanish) and names its **dominant frame**.
**Keyness** then asks which words set one group of outlets apart from another.
"""),
code(SETUP),
code("""lexicon = ck.read_frames()
lexicon.groupby(["frame", "lang"]).size().unstack()"""),
code("""lexicon[lexicon["frame"] == "legality"].head(12)"""),
md("""
Multi-word terms matter: "strike" alone is a labour dispute or a baseball pitch; "boat strike",
"lethal strike" and "airstrike" are not. A term ending in `*` matches every word that starts with it
("soberan*" → soberanía, soberano).
"""),
code("""arts = ck.load_demo().articles
scores = ck.score_frames(arts, lexicon=lexicon)
scores.head()"""),
code("""framed = ck.add_frames(arts, scores=scores)
framed["dominant_frame"].replace("", "(none)").value_counts()"""),
md("## Frames over time and by outlet"),
code("""ax = ck.plot.plot_frame_shares(framed, events=ck.load_events())"""),
code("""ax = ck.plot.plot_frame_shares(framed, by="outlet")"""),
md("""
## Keyness: US against Mexican coverage

Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) compare word
frequencies between groups while shrinking rare words toward zero; a z-score above about 2 is unlikely
to be noise. We compare **English** articles only — otherwise the strongest "key words" would simply
be Spanish ones.
"""),
code("""framed["outlet_group"] = ck.outlet_groups(framed)
english = framed[(framed["lang"] == "en") & (framed["text"] != "")]
english["outlet_group"].value_counts()"""),
code("""key = ck.keyness(english[english["outlet_group"].isin(["US", "Mexico"])], group="outlet_group")
key[key["group"] == "Mexico"].head(12)"""),
code("""ax = ck.plot.plot_keyness(key, group="Mexico", top=12)"""),
md("""
**What this cannot see.** A lexicon counts words, not stances: an editorial that rejects the
"sovereignty" argument still scores for sovereignty. Frames also overlap, and the dominant one hides
the mix (`score_frames` keeps all of them). Keyness depends on the outlets you put in each group —
here, one Mexican English-language outlet against four US ones.

## Exercises

1. Add five terms to a frame you think is under-counted, in both languages, and compare the shares.
2. Compare the think-tank desk with the opinion site using `keyness(..., group="outlet")` on those two.
3. Which frame rises after the first boat strike (2 September 2025)? Check it on the chart.
"""),
]

NOTEBOOKS["06_coverage_narrative.ipynb"] = [
md("""
# 06 · The coverage narrative

This notebook puts the earlier charts against the timeline of events to tell the story of the
coverage — and marks, at each step, what the numbers can and cannot support.

> The corpus is the demo corpus: fictional outlets, written for teaching, following the documented
> arc of events. The patterns below are patterns *of this corpus*; with real coverage the same
> charts answer the same questions.
"""),
code(SETUP),
code("""result = ck.run_analysis(ck.load_demo(), random_state=0)
arts, events = result.articles, result.events
events[["date", "label"]].assign(date=events["date"].dt.strftime("%Y-%m-%d"))"""),
md("""
## 1. Attention follows events

Coverage rises with the February designations and peaks again from August, with the naval
deployment and the first lethal boat strike on 2 September 2025.
"""),
code("""fig, axes = plt.subplots(2, 1, figsize=(9, 6), dpi=80, sharex=True, constrained_layout=True)
ck.plot.plot_volume(arts, events=events, ax=axes[0])
ck.plot.plot_volume(arts, by="outlet_group", ax=axes[1], title="Articles per month by outlet group")
fig"""),
code("""counts = ck.period_counts(arts, freq="month", by="outlet_group")
counts.pivot(index="period", columns="outlet_group", values="n")"""),
md("""
## 2. The framing shifts: from designation to force and legality

Before August the coverage is about designations, trade and sovereignty; after the strikes, the
security and legality frames take a larger share.
"""),
code("""ax = ck.plot.plot_frame_shares(arts, events=events)"""),
code("""shares = ck.frame_shares(arts)
before = shares[shares["period"] < "2025-08-01"].groupby("frame")["n"].sum()
after = shares[shares["period"] >= "2025-08-01"].groupby("frame")["n"].sum()
pd.DataFrame({"before Aug": before / before.sum(), "from Aug": after / after.sum()}).fillna(0).round(3)"""),
md("""
## 3. Who speaks for each side

The US and Mexican press mention the same leaders, but do they quote them?
"""),
code("""ax = ck.plot.plot_quoted_vs_mentioned(ck.quote_share(result.quotes, result.mentions), top=10)"""),
md("## 4. Tone, with its uncertainty"),
code("""ax = ck.plot.plot_sentiment(arts, events=events)"""),
code("""result.agreement"""),
md("""
## Honest limits

* **The collection decides.** Nine outlets, chosen by the authors of the corpus; a real study needs a
  documented sampling frame (which outlets, which search, which period).
* **Sentiment** describes English word use, scored by lexicons that miss most of this story's
  vocabulary; the two instruments agree only partly (table above).
* **Frames and actors** are dictionary counts: they are as good as the tables, which you can read
  and edit.
* **Intervals** measure noise among the articles collected, not whether the collection represents
  "the media".
* **Months with few articles** (hollow points) should not carry a claim.

## Exercises

1. Write a five-sentence summary of the coverage that uses only claims these charts support.
2. Which event in `events.csv` has no visible effect on coverage volume? Why might that be?
3. Re-run with `period="week"` around August–September 2025. What does the weekly view add?
"""),
]

NOTEBOOKS["07_bring_your_own_articles.ipynb"] = [
md("""
# 07 · Bring your own articles

Run the whole analysis on **your** files by changing only the parameters cell below — or, without
opening the notebook:

```bash
papermill 07_bring_your_own_articles.ipynb out.ipynb -p paths '["my-export.csv"]'
coveragekit notebooks my-export.csv --out my-notebook/     # the same, rendered to HTML
coveragekit report my-export.csv --out my-report/          # the shareable HTML report
```

Supported: CSV/TSV, JSON, JSON Lines, Parquet, RSS/Atom, Media Cloud and GDELT exports, and folders
of saved pages. By default it runs on the demo corpus.
"""),
code("""# Parameters: the only cell you need to change (papermill injects values after it).
paths = ["../data/demo"]          # files and/or folders
format = None                     # None = detect; or "csv", "json", "jsonl", "parquet", "feed", ...
mapping = None                    # e.g. {"published_at": "Fecha", "text": "Nota"}
dayfirst = None                   # how to read 03/04/2025: None rejects it, True = 3 April
actors = None                     # your actor table (CSV) or None for data/actors.csv
frames = None                     # your frame lexicon (CSV) or None for data/frames.csv
events = None                     # your events table (CSV) or None for data/events.csv
period = "month"                  # "day", "week" or "month"
n_topics = None                   # None = choose on the data
start, end = None, None           # keep only articles in this period, e.g. "2025-06-01"
out_dir = None                    # write the CSV tables here (None = do not write)"""),
code(SETUP),
code("""loaded = ck.load(paths, format=format, mapping=mapping, dayfirst=dayfirst)
if start or end:
    loaded = ck.filter_period(loaded, start=start, end=end)
print(loaded.summary())
loaded.files"""),
md("Everything that was not loaded, with its reason:"),
code("""loaded.rejected.groupby("reason").size().sort_values(ascending=False).head(10)"""),
code("""result = ck.run_analysis(loaded, actors=actors, frames=frames, events=events,
                         n_topics=n_topics, period=period, random_state=0)
print(result.summary_line())
if out_dir:
    ck.write_outputs(result, out_dir)"""),
code("""ax = ck.plot.plot_volume(result.articles, freq=period, events=result.events)"""),
code("""ax = ck.plot.plot_sentiment(result.articles, freq=period)"""),
code("""result.topics"""),
code("""ax = ck.plot.plot_topic_shares(result.articles, freq=period)"""),
code("""ax = ck.plot.plot_actor_mentions(result.mentions, result.articles, freq=period)"""),
code("""ax = ck.plot.plot_quoted_vs_mentioned(ck.quote_share(result.quotes, result.mentions))"""),
code("""ax = ck.plot.plot_frame_shares(result.articles, freq=period, events=result.events)"""),
md("""
## Before you publish

* Read the rejection table: are the rejected records ones you meant to drop?
* Check the duplicates: wire copies inflate the wire's voice.
* Read a sample of articles per topic and per frame before naming them.
* Sentiment covers English articles only; say so when you cite it.
"""),
]
