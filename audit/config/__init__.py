"""Every threshold the audit uses, in one place, each with the reason for its value.

`AuditConfig` is a tree of frozen dataclasses, one section per stage. A user overrides values from a
TOML file whose tables mirror the sections (`[clean]`, `[align]`, ...); an unknown table or key, or
a value of the wrong type, is an error rather than something silently ignored. The largest
section, `AlignConfig`, lives in `audit/config/align.py` and is imported from here like the rest.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from audit.config.align import AlignConfig

# `--engine spark` with no master named (no --spark-master, no $SPARK_MASTER, not under
# spark-submit): Spark's local mode on every core, the laptop case the engine is tried in first.
DEFAULT_SPARK_MASTER = "local[*]"
# The Java heap of a local-mode Spark driver (where the records are parallelized from) unless
# the user sets one (`SPARK_DRIVER_MEMORY`, `PYSPARK_SUBMIT_ARGS`): Spark's own 1 GB ran out at
# 1M paragraphs of `audit dedup` (BENCHMARKS.md, section:dedup; 1.9 GB peak with room for 8).
DEFAULT_SPARK_DRIVER_MEMORY = "4g"

# Process settings rather than thresholds (no result depends on them, so they are no TOML keys):
# `audit run`'s garbage collector inside its stories (audit.cli.collector): allocations between
# young collections (Python's default 700), and young/middle collections between older ones
# (default 10, 10). Measured on the 50 x 40 bench story and the Helsinki day: fewer collections
# saved ~15-20% CPU; peak RSS unchanged (the story holds no cycles worth freeing).
GC_THRESHOLDS = (50_000, 20, 20)
# Worker processes `audit group` takes at most when `GroupConfig.workers` is 0 (one per usable
# core up to this): measured on 2 cores only (BENCHMARKS.md, section:group), so no more is
# taken on a bigger machine without a measurement; `workers` sets any number.
GROUP_AUTO_WORKERS_MAX = 2
# Paragraphs a story needs before `audit run` forks children for its framing, facts, wording and
# comparison files (audit.beside): each fork costs ~7 ms, and a child's first measure reloads
# the pyphen and CMU dictionaries (~110 ms) that the parent would have kept for the next story,
# so 90 stories of ~20 paragraphs ran 3.4x slower forked; 50 x 40 (2,000) gains ~0.7 s of 5.3.
FORK_MIN_PARAGRAPHS = 500


@dataclass(frozen=True, slots=True)
class SegmentConfig:
    # The seeds' subheadings have 2-6 words and 001's headline 14; body paragraphs of one short
    # sentence still end with punctuation, so length only guards against long unpunctuated lines.
    heading_max_words: int = 16
    # A paragraph separator for inputs that join paragraphs with a marker rather than newlines
    # (the wire scrapes use " ### "); None means paragraphs are separated by line breaks.
    paragraph_separator: str | None = None


@dataclass(frozen=True, slots=True)
class CleanConfig:
    # Lines under a "You may also like" marker are treated as related links while they stay
    # headline-sized; the seeds' related headlines have 5-14 words, body paragraphs 20+.
    related_link_max_words: int = 20
    # Prompts, credits and copyright notices are one-liners: the longest notice in the Helsinki
    # scrapes ("Copyright 2018 by WDIV ... may not be published, broadcast, rewritten or
    # redistributed.") has 25 words; a longer paragraph that mentions "newsletter" is reporting.
    one_liner_max_words: int = 30
    # A line of at least this many hashtags that make at least this share of its words is a
    # tag or share bar ("#Ukraine #Peace #NATO"), not prose: one hashtag, or a sentence with
    # two in it, is reporting. Set by hand, no labels (the seeds and scrapes have few such
    # lines); unchanged since the rule was written.
    hashtag_line_min: int = 2
    hashtag_line_share: float = 0.5


@dataclass(frozen=True, slots=True)
class MeasureConfig:
    # Readability formulas are meaningless for a few words (Flesch needs sentences); below this
    # many words a paragraph gets no readability score rather than a misleading one.
    min_words_for_readability: int = 8
    # VADER's cost is quadratic in text length (12.6 s at 200 KB): a paragraph longer than this
    # is scored in chunks and combined. No paragraph of the bundled story (longest 455 chars) or
    # NewsWCL50 (861) is this long, so their scores stay VADER's own score of the paragraph.
    sentiment_whole_max_chars: int = 2000
    # Chunks of whole sentences up to this long: VADER takes ~20 s per 5 MB in chunks of 200-400
    # chars, 26 s at 800, 38 s at 1600 (bench/bench_hardening.py).
    sentiment_chunk_chars: int = 400


@dataclass(frozen=True, slots=True)
class DedupConfig:
    # Word 2-grams: one edited word spoils only 2 shingles, so short edited copies keep a high
    # Jaccard; on the 20k-paragraph bench stream recall of planted copies rose from 0.931 (3-grams)
    # to 0.954 at the same precision (0.994); unrelated pairs are weeded out by verification.
    shingle_words: int = 2
    # LSH bands x rows = MinHash signature length (90). A pair is a candidate with probability
    # 1-(1-J^3)^30: 0.98 at Jaccard 0.5, 0.86 at 0.4, 0.21 at 0.2. 16x4 lost 3 points of recall
    # on the bench stream; more bands cost memory (8 bytes per record and band, audit/dedup/lsh.py).
    bands: int = 30
    rows: int = 3
    # Fixed seed of the MinHash permutations: the same input gives the same candidates every run.
    seed: int = 20180716
    # Word-level Indel similarity (rapidfuzz) a candidate must reach to be a near duplicate:
    # edited reprints score 0.84-0.98 on tests/data/dedup, paraphrases 0.29-0.41 and a same-
    # template story with other facts 0.64; on the bench stream 0.85 cut recall 0.954 -> 0.935.
    near_threshold: float = 0.8
    # Share of the shorter text's words found in order in the longer one (LCS / shorter length)
    # above which a shorter text is a cut-down copy ("a sentence cut"), even when the similarity
    # is low because the longer text added material: cut or extended copies have 1.0 on the
    # labels, one changed word in 25 still 0.96; paraphrases reach 0.30-0.45, other facts 0.65.
    containment_threshold: float = 0.9
    # A containment match needs this many words in the shorter text: below it, short stock
    # phrases ("the president said on Monday") are contained in many unrelated paragraphs; 8
    # catches the bench's one-sentence captions cut from a longer copy.
    containment_min_words: int = 8
    # Texts with fewer words are matched only exactly: MinHash on 1-4 words is noise, and short
    # lines ("Advertisement", "By Reuters") repeat verbatim when they repeat at all.
    min_near_words: int = 5
    # At most this many earlier records are taken from one LSH bucket per query: a hot bucket
    # (a near-copy reprinted hundreds of times) must not make the run quadratic; the earliest
    # copies are kept because they carry the cluster id.
    max_bucket_candidates: int = 32
    # At most this many candidates (most shared bands first) are verified per record: raising it
    # to 32 (and the bucket cap to 64) found no more planted copies on the 20k bench stream.
    max_verify: int = 8
    # A repeated text of at most this many words is boilerplate (UI labels, bylines, datelines:
    # "More", "Sign up", "July 15, 2018", "The Associated Press" in the helsinki scrapes).
    boilerplate_max_words: int = 3
    # A repeated text containing one of these phrases (matched on match_key words) and no longer
    # than boilerplate_phrase_max_words is site boilerplate; the phrases are the repeated footers
    # and widgets of the helsinki scrapes (copyright lines, sign-up and comment prompts). Not
    # "copyright" alone (reporting on copyright is content), nor "share this" or "be the first to
    # know", which the helsinki scrapes glue to content paragraphs and quotes.
    boilerplate_phrases: tuple[str, ...] = (
        "all rights reserved", "may not be published broadcast", "sign up", "subscribe",
        "subscription", "newsletter", "click here", "read more", "follow us", "commenting",
        "add your two cents", "zip code", "you are signed in", "terms of use", "privacy policy",
        "cookies", "related content", "now playing", "back to gallery", "advertisement",
    )  # fmt: skip
    # Longer paragraphs that contain a phrase are content, not widgets: the longest footer in the
    # helsinki scrapes has 25 words (a copyright line), while quotes ("You'll be the first to
    # know") and captions ending in "Subscribe" with a phrase have 28-32.
    boilerplate_phrase_max_words: int = 25
    # Records hashed and indexed per batch (numpy work is per batch; the SQLite index commits
    # once per batch, so a crash loses at most one batch).
    batch_size: int = 2048


@dataclass(frozen=True, slots=True)
class BiasConfig:
    # Each source's estimated probability that annotators mark a word it fires on (noisy-OR,
    # audit/framing/bias.py): its recall of the tune half of tests/data/bias_words.csv and its
    # rate on NewsWCL50, scaled to the VADER baseline (`bench/bias_words.py --fit`),
    # rounded, at most 0.7 (few fires) and at least 0.05 (no hit: still a listed word).
    p_loaded: float = 0.7  # est 1.0 on 7 hits: a hand-made list of loaded words, capped
    p_slanted_verb: float = 0.3  # est 0.33 (4 hits)
    p_intensifier: float = 0.05  # 0 hits: annotators call "sharply", "vehemently" neutral
    p_recasens: float = 0.06  # est 0.06: fires on 11 in 100 words ("new", "war", "end")
    p_factive: float = 0.12  # est 0.12 (1 hit)
    p_assertive: float = 0.15  # est 0.16 (2 hits)
    p_implicative: float = 0.05  # est 0.05 (1 hit)
    p_mpqa_strong: float = 0.28  # est 0.28 (43 hits)
    p_mpqa_weak: float = 0.1  # est 0.10 (25 hits)
    # Times |VADER valence| in [0, 1], negative words. Tune half of tests/data/bias_sentences.csv:
    # 21 of 103 negative-valence words are in a span (9/22 from |raw| 2); 0.8 gets span recall
    # 0.60 against 0.55 at 0.7 and at 0.6 (in-span precision 0.55, 0.55, 0.58), and tune
    # word-label recall (bias_words.csv) 0.66 against 0.62 and 0.61.
    p_valence: float = 0.8
    # The same for positive words: only 4 of their 107 on the tune half are in a span ("help",
    # "agreement", "freedom", "positive" are what news reports, not how), so one alone never
    # passes the threshold; tune in-span precision 0.32 -> 0.48 (with the line above).
    p_valence_positive: float = 0.1
    # Bias-list entries left out of the score ("<lexicon>:<entry>", each checked against its
    # list at load; their finders stay): "deny", "allege" are how news reports a dispute (AP
    # style); on the tune halves of bias_sentences and bias_words.csv they fired 9 times, never
    # on a biased word ("denied" is then stance).
    not_bias: tuple[str, ...] = ("slanted_verbs:deny", "slanted_verbs:allege")
    # A word scored by VADER and the published lists only scores 0 when at least this share of
    # the story's other articles (and 2+) write it outside quotations too: the topic ("peace",
    # "security", "weapons"), not word choice. Tune half of tests/data/bias_sentences.csv:
    # in-span precision 0.27 -> 0.32 for 1 of 58 spans; 1.0 (every other article) loses none but
    # gets only 0.30. Counting quoted words too zeroed a quoted "desperate" 3 times (a speaker's
    # word several outlets quote): span recall 0.38 against 0.43 outside quotations only.
    topic_share: float = 0.75


@dataclass(frozen=True, slots=True)
class FramingConfig:
    # User changes to the bundled lexicons (audit/framing/lexicons/*.txt), each
    # "<lexicon>: <entry>", e.g.
    # "hedges: by all accounts" or "loaded: regime"; empty: the bundled lists are the default.
    lexicon_add: tuple[str, ...] = ()
    # Entries to drop from the bundled lexicons, same form; matched on words, ignoring options.
    lexicon_remove: tuple[str, ...] = ()
    # A quote of at most this many words with no speaker is a scare quote: the bundled story's
    # distanced terms have 1-3 words, and unattributed quotes of 4+ words are reported speech.
    scare_quote_max_words: int = 3
    # A sentence's subject, which a later "he said" points back to, is a name within its first
    # this many words ("On Tuesday, Trump met ...", "In Paris, Macron said"): an opening
    # phrase takes 2-3 words; a name further in is an object or part of a clause.
    attribution_opening_words: int = 4
    # Words in a speaker phrase next to its reporting verb ("the bloc's top diplomat said",
    # "said the European Commission's spokesperson"): a determiner, a possessive, two modifiers
    # and the noun at most. Not tuned.
    attribution_phrase_words: int = 5
    # rapidfuzz ratio (0..1) between two capitalised names above which they may be one name spelt
    # two ways: Kiev/Kyiv scores 0.75, Zelensky/Zelenskyy 0.94; distinct names in the bundled
    # story and NewsWCL50 that pass the other checks score below 0.7.
    naming_min_similarity: float = 0.74
    # Lowercase words vary by spelling only when very close (defence/defense 0.86); a lower bar
    # pairs unrelated words that merely share letters.
    naming_lowercase_min_similarity: float = 0.85
    # Names shorter than this are too ambiguous to pair by spelling (US/UN, EU/UK differ by one
    # letter and are different things).
    naming_min_length: int = 4
    # Two names alike in letters that no spelling rule explains (Iran/Iron, Florida/Friday) are
    # variants only when some paragraph with one and some paragraph of another source with the
    # other report the same claim: the alignment's link threshold (AlignConfig.claim_threshold).
    naming_claim_threshold: float = 0.19
    # Rows of a letter's similarity matrix of name forms computed at once (audit.framing.
    # spelling; 0: all): 512 x 20,000 float32 is 40 MB; the result does not depend on it.
    naming_block_rows: int = 512
    # Paragraphs per form (the first in text order) whose claims are compared for that
    # evidence: enough on a story, bounded on a news day (at most 10 x 10 scores per pair).
    naming_max_contexts: int = 10
    # Sentiment differences between two sources for one unit below this size (VADER compound,
    # -1..1) are reported as 0 difference in the unit comparison text; VADER moves by ~0.1 on one
    # mildly emotive word, so smaller gaps are noise.
    sentiment_delta_min: float = 0.1
    # Bias score (audit/framing/bias.py) at which a word is flagged `bias_word`: on the tune half
    # of tests/data/bias_words.csv 0.25 keeps recall 0.63 at 3.5 flags per 100 words (the VADER
    # baseline: 0.44 at 6.4); 0.30 drops to 0.57, too near the 0.45 target for unseen text.
    bias_threshold: float = 0.25
    # The MPQA subjectivity clues file (GPL, so not shipped): a path turns on its two sources.
    mpqa_path: str | None = None
    bias: BiasConfig = field(default_factory=BiasConfig)


@dataclass(frozen=True, slots=True)
class WordingConfig:
    # Contrastive word choice (audit/wording/substitutions.py); values chosen on the tune half of
    # tests/data/wording_pairs.csv (`bench/wording_pairs.py`).
    max_words: int = 2  # longest replaced run per side: longer ones are rephrasings, not swaps
    min_anchor_words: int = 1  # shared content words right around a swap: it fills one slot
    # Shared words this close to a swap (either side) anchor it: a content word among them on
    # both sides says the two runs fill one slot; function words alone ("the", "to") anchor
    # misalignments.
    anchor_window: int = 3
    min_pair_similarity: float = 0.2  # Indel similarity of the passages' words (0.3: recall .19)
    max_pair_words: int = 120  # passages longer than this are paragraphs, not one claim
    min_added_bias: float = 0.25  # a word one side adds is reported when it is a bias word
    spelling_similarity: float = 0.7  # rapidfuzz ratio of "Kiev"/"Kyiv" (0.75): one name
    spelling_lowercase_similarity: float = 0.85  # "defence"/"defense" 0.86; "last"/"past" 0.75
    actor_window: int = 6  # words either side of an actor mention that carry its tone
    max_actors: int = 8  # named actors per story: the most mentioned, by most sources


@dataclass(frozen=True, slots=True)
class GroupConfig:
    # Similarity (0..1) an article needs to join a story, else it starts one. NewsWCL50 shuffled
    # (5 seeds, bench/bench_group.py): B-cubed F1 0.89 at 0.25 (precision 0.82), 0.93 at 0.3,
    # 0.90-0.92 at 0.35 (recall falls); the wire days were checked by hand at 0.3.
    threshold: float = 0.3
    # Weights of the signals (audit.group.represent.SIGNALS), in order: TF-IDF of content words
    # and names, and of names alone. NewsWCL50 F1: words alone 0.81, 0.8/0.2 0.90, 0.6/0.4 0.93.
    signal_weights: tuple[float, ...] = (0.6, 0.4)
    # A story takes articles up to this many days after its latest one (coverage of one news
    # story comes in a few days; each wire-scrape day spans 1-2).
    window_days: float = 3.0
    # Share of the similarity lost at the window's edge (linearly from 0 at the same time):
    # a mild preference for the story still running; no dated labels to tune it on.
    time_weight: float = 0.2
    # Words of each article read (headline and lead): NewsWCL50 F1 is 0.93-0.95 from 150 to 300
    # words and 0.90 at 800; 200 costs half of 400.
    lead_words: int = 200
    # Terms kept per article vector and per story centroid, by weight (NewsWCL50 F1 0.88 with
    # 50 per article; more cost time per comparison).
    vector_terms: int = 100
    centroid_terms: int = 200
    # Candidate stories come from an inverted index over each story's `index_terms` heaviest
    # terms, looked up with the article's `query_terms` heaviest; the `max_candidates` sharing
    # the most weight are scored (5, 10 and 20 gave the same NewsWCL50 result), reading at most
    # `max_postings` most recently updated stories per term (bounds a common term's cost).
    index_terms: int = 20
    query_terms: int = 20
    max_candidates: int = 10
    max_postings: int = 100
    # Reprints are found by the dedup engine on each lead's first words (wire copy keeps its
    # lead verbatim); 60 matched same-template leads ("Miami Herald ... FILE - In this ...").
    reprint_words: int = 80
    # Words in a story's label, and shared terms shown as an article's evidence.
    label_terms: int = 4
    shared_terms: int = 6
    # Processes reading leads and terms in feeds of 2,000+ articles (with more than 1 and no
    # --index, the reprint check and the vectors also run beside the clustering, in one
    # more); 1 reads in process (a library caller's script needs the `if __name__ ==
    # "__main__"` guard for more, as worker processes are spawned). The result does not depend
    # on it. 0: the `audit group` command takes one per usable core, at most 2
    # (`GROUP_AUTO_WORKERS_MAX`; on an idle 2-core machine 100k articles took 106.5-121.3 s
    # wall with 2, median 115.5 of five runs, the main process 59-68 of 184-211 CPU seconds:
    # BENCHMARKS.md, section:group, round h); a library call: 1.
    workers: int = 0


@dataclass(frozen=True, slots=True)
class AppConfig:
    # Uploads are audited in the browser session: 20 MB is ~2,000 news articles, which the
    # pipeline handles in well under a minute; bigger corpora belong to `audit run`.
    max_upload_mb: int = 20
    # Units shown at once side by side: a 50-article story has hundreds of units, and rendering
    # them all at once makes the page sluggish; more are a slider away.
    units_per_page: int = 30
    # Evidence rows drawn at once: the bundled story has ~330, and the browser took ~1 s longer
    # per Framing tab switch to draw all of them (load 7-8, 2 cores: 2.1 s median with every row,
    # 1.0 s with 60); more are a page away. 20 rather than 50 since the charts are HTML (issue
    # 14): at load ~4, 6 rounds, Framing 0.76-0.78 -> 0.49-0.67 s and the Omissions switch after
    # it (tearing Framing's page down) 0.59-0.69 -> 0.51-0.53 s.
    evidence_per_page: int = 20
    # Sources shown side by side by default: six columns of ~16 rem still fit a 1400 px window
    # (the bundled story's five outlets are all shown); more scroll sideways.
    max_columns: int = 6


@dataclass(frozen=True, slots=True)
class AuditConfig:
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    measure: MeasureConfig = field(default_factory=MeasureConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    framing: FramingConfig = field(default_factory=FramingConfig)
    wording: WordingConfig = field(default_factory=WordingConfig)
    group: GroupConfig = field(default_factory=GroupConfig)
    app: AppConfig = field(default_factory=AppConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
