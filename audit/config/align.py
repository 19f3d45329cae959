"""The alignment section of the config (`[align]`): the same-claim score and probability, the
candidate caps, title links, evidence of absence and facts. Its own module because it is the
largest section; `audit.config` re-exports it, so it is imported as `from audit.config import
AlignConfig`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AlignConfig:
    # Same-claim score (0..1, audit.align.scorer) at which two paragraphs of different articles are
    # linked. Chosen on the "tune" half of the 119 labelled pairs of the bundled story
    # (tests/data/claim_pairs.csv, halves by `bench/claim_labels.py`): 0.195 was best there
    # (precision 1.00, recall 0.28), 0.19 is just under that cliff edge. At 0.19: precision
    # 0.81 / recall 0.28 on all labels, 0.86 / 0.29 on the held-out half; the false
    # friend (000's Paris talks vs 004's Paris summit) scores 0.10. MSRP: accuracy 0.712, F1
    # 0.815 (0.713 / 0.816 with the earlier scorer at 0.24).
    claim_threshold: float = 0.19
    # Below this many passages IDF is noise (a lone pair gives every shared word the lowest
    # weight), so every term weighs 1; the bundled story has 177 passages, MSRP 8152.
    min_idf_passages: int = 20
    # Same-claim probability of a pair with a headline on one side (audit.align.probability):
    # the bias, then one weight per FEATURES entry before the word n-gram OVERLAPS (these weigh
    # 0 on headlines). The round-2 fit of bench/fit_claim_model.py: the tune half of
    # tests/data/claim_sentence_pairs.csv (166 pairs) plus MSRP train (4,076), weighted
    # equally, L2 1.0, conflict weights held <= 0 (the occasion one is 0). Kept for headlines
    # whatever the content model: one refitted with the overlaps took headline links from tune
    # 0.83/0.42 to 0.75/0.25 at 0.7 (bench/title_links.py sweep).
    title_coefficients: tuple[float, ...] = (
        -3.157, 3.731, -1.448, 1.924, -0.676, 1.913, -0.137, -0.318, -1.072, -1.098, -0.672,
        0.000, 1.549, -0.610,
    )  # fmt: skip
    # The same for every other pair, one weight per FEATURES entry: the round-2 fit above, with
    # the word n-gram OVERLAPS of round 5 (audit.align.ngrams) at 0, so not computed. Refitted
    # with them (bench/claims_round5.toml), MSRP 10-fold CV rose 0.735 -> 0.747 at 0.6 but the
    # held-out labels' AUC fell 0.752 -> 0.743, and at 0.6 it hints at 3 same-topic pairs of
    # the bundled story (0.65: 0.743, no gain over round 2 at 0.65): BENCHMARKS.md, round 5.
    claim_coefficients: tuple[float, ...] = (
        -3.157, 3.731, -1.448, 1.924, -0.676, 1.913, -0.137, -0.318, -1.072, -1.098, -0.672,
        0.000, 1.549, -0.610,
        0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000,
    )  # fmt: skip
    # The probability at which `align.pairs.same_claim` says "same" (and a hint is shown): tune
    # P/R 0.85/0.33, held-out 0.88/0.40, fresh blind labels never fitted on 0.87/0.31, MSRP train
    # 0.735 (10-fold CV). Links inside a story stay decided by `claim_threshold`: on the bundled
    # story's 84 labelled candidate pairs the probability at 0.5 keeps 6 true / 7 false pairs
    # where the lexical rule keeps 13 / 3 (BENCHMARKS.md).
    claim_probability_threshold: float = 0.6
    # A headline's link (align.titles) needs this probability, against the first 3 sentences of
    # a lede: the tune half's title pairs give 0.83/0.42 at 0.6-0.7; bench/title_links.py sweep.
    title_probability_threshold: float = 0.7
    # A title opens the article (first 4 kept paragraphs) with 4+ words with letters: read off the
    # scrapes' openers ("EDITION", "CNET", "Go to permalink", time stamps), not tuned.
    title_lede_sentences: int = 3
    title_search_paragraphs: int = 4
    title_min_words: int = 4
    # A headline with at least this share of its words of `title_case_min_letters`+ letters
    # capitalised is in Title Case, and the words the story writes in lower case are lowered
    # before it is scored ("Spotify Reverses 'Hateful Conduct' Policy"); short words ("of",
    # "to", "a") stay lower case in Title Case too, so they are not counted. Not tuned: Title
    # Case capitalises nearly all such words, sentence case only the first and the names.
    title_case_share: float = 0.6
    title_case_min_letters: int = 4
    # Boosts on top of IDF for names, numbers and dates: they say which claim a passage
    # reports. 2.0 for names and numbers was best on the labels (AUC 0.80 vs 0.75 at 1.0);
    # MSRP prefers 1.0 by under a point of accuracy.
    name_weight: float = 2.0
    number_weight: float = 2.0
    # Dates (months, years) help less than numbers: one story spans few months.
    date_weight: float = 1.5
    # Share of the score from rapidfuzz's token-sort ratio of the content words. 0.1 (grid of
    # 0.1/0.3 with the next three fields, best precision-weighted F on the tune half of the
    # labels); MSRP accuracy moves by under 0.2 points between the two.
    fuzzy_weight: float = 0.1
    # Share of the score from the cosine of neighbouring-term pairs ("tens of thousands",
    # "front line", "European-led peacekeeping"): a shared phrase says more than two shared
    # words anywhere. 0.2 of 0/0.2/0.35 on the tune half; the rest is the term cosine.
    phrase_weight: float = 0.2
    # The term cosine is cos(all terms)^0.5 x cos(terms without names)^0.5: paragraphs that
    # share who and where but not what is said ("Macron ... Paris") are not the same claim.
    # 0.5 of 0.5/0.8 on the tune half once phrases and event conflicts count (0.8 was best
    # without them).
    word_emphasis: float = 0.5
    # Pairs whose cosine (above) is under this skip the rapidfuzz term: most candidates of a big
    # story. With the current weights 0.0 instead gives the same links, on the 50 x 40 bench
    # story (12,723) and on the labelled pairs.
    fuzzy_floor: float = 0.1
    # How much a score drops when both passages have numbers the other lacks (times the smaller
    # unshared share): "30,000 peacekeepers" vs "26 nations" are different facts.
    number_conflict_penalty: float = 0.5
    # The same for dates (months, years): "December 2024" vs "September 2025" talks.
    date_conflict_penalty: float = 0.3
    # The same for names: Trump on one side, Starmer on the other. 0.3 of 0.3/0.6 on the tune
    # half of the labels (0.6 pushed true links under the threshold as much as false ones).
    name_conflict_penalty: float = 0.3
    # The same for kinds of occasion (`align.terms.EVENT_STEMS`: talks, summit, meeting):
    # "talks in Paris" vs "a Paris summit" are two events. Every labelled pair of the bundled
    # story with two different occasion words is a different event; 0.5 and 1.0 gave the same
    # labels result, 0.5 is the milder. Puts the false friend from 0.235 to 0.10.
    event_conflict_penalty: float = 0.5
    # rapidfuzz ratio at which two spellings of a name are one term when they share their first
    # three letters: "Zelensky"/"Zelenskyy" 0.94 join; "Austria"/"Australia" (0.88) would
    # wrongly join: rare within one story. Words are joined by prefix only (claims.
    # suffix_variants): at 0.85 edit distance joined "prevent"/"present", "protest"/"protect".
    variant_similarity: float = 0.85
    # A surname as misspelt as "Hoffler" for "Hofeller" (0.80) is under `variant_similarity`:
    # one person only at this ratio and with the same first name, first three letters and length
    # within one letter ("Sanders"/"Sandler" differ in their first name in practice). Chosen on
    # the tune half of the blind fact labels (bench/fact_labels.py), the one row it fixes.
    misspelt_surname_similarity: float = 0.75
    # Shorter names are not matched as variants: "Iran"/"Iraq" score 0.75, and a one-letter
    # edit of a 4-letter name is a different name too often.
    variant_min_chars: int = 5
    # Passage pairs whose weighted cosine is below this are never scored. At 0.1 the 50 x 40
    # bench story scores 384k passage pairs and gets 12,723 links; at 0.05 it scores 2.3x as
    # many paragraph pairs for 2 more links, and the labelled pairs do not change.
    candidate_threshold: float = 0.1
    # Candidates scored per passage, the highest cosines first (0 = no cap). No passage of the
    # bundled story has more than 50 candidates in later articles, so it is unaffected; in a
    # 50 x 40 story cut from the Helsinki scrapes one has 1,200 (a wire sentence and its many
    # reprints, nearly all copies of each other), and scoring them all made a 612-article news
    # day take 110 s and 5 GB in alignment.
    max_candidates_per_passage: int = 100
    # Links reported per paragraph (a link stays if it is among the strongest of either of its
    # paragraphs). A wire paragraph reprinted by 100 outlets would otherwise bring 4,950 links,
    # one per pair of copies (the Helsinki scrapes gave 95 MB of links.csv); no paragraph of the
    # bundled story has more than 4. Units are still grouped from every accepted score.
    max_links_per_paragraph: int = 10
    # Rows of the passage matrix multiplied at once: bounds the memory of the candidate product
    # (2048 x 3440 passages of the 50 x 40 story is a few MB); the result does not depend on it.
    block_rows: int = 2048
    # A sentence with fewer content terms ("The discussions could be for naught.") is matched
    # only inside its whole paragraph: alone, its one or two words matched anything.
    min_passage_terms: int = 4
    # At most this many words per cell of links.csv `shared`, `only_a`, `only_b`.
    explain_terms: int = 12
    # Classes of a linked pair's changed words (audit.align.diffkinds: diffs.csv `kind`, the
    # app's highlights). A substitution is a short phrase for a short phrase: up to 3 words a
    # side, longer replaced stretches are rewording. A different number, date or speaker is
    # looked for in stretches of up to 6 words a side: on the bundled story, longer changed
    # stretches were rewritten clauses, whose names differ because the clauses say different
    # things ("White House" against "Prime Minister Starmer"), not because one outlet renamed
    # something.
    diff_substitution_max_words: int = 3
    diff_kind_max_words: int = 6
    # A word inside another at its start or end is the same term in another form ("council" in
    # "councillors", "keepers" in "peacekeepers") from this many letters on; shorter ones are
    # inside unrelated words too ("war" in "warned", "art" in "party").
    diff_min_inside_letters: int = 4
    # A unit's label is its this-many most telling words (heaviest, found in the most articles).
    label_terms: int = 4
    # Average linkage: two groups of linked paragraphs form one unit when their paragraphs of
    # different articles score at least this on average: the link threshold, so that two
    # linked paragraphs alone always form a unit. Plain connected components put 23 of the
    # bundled story's 83 content paragraphs in one unit; with 0.19 the largest has 3.
    unit_threshold: float = 0.19
    # rapidfuzz partial ratio at which two quotes are one (one quoting part of the other):
    # "the first serious, concrete step" inside "This is the first serious, concrete step in a
    # long time" scores 1.0; in the bundled story the best pair of different quotes ("on the
    # table" against a long Waltz quote with "to the table") scores 0.92, so 0.95.
    quote_similarity: float = 0.95
    # Words a quoted passage needs to be a quote fact, and a quote's words in a row to count as
    # it unquoted elsewhere: one or two quoted words are a term or a scare quote ("so-called
    # 'peace'"), not a statement one source carries and another leaves out.
    quote_min_words: int = 3
    # Words between a role's article and its noun ("the company's top liaison": "the", two
    # words, the noun), and after a name's comma before it ("Zakharova, the ministry's
    # spokesperson"): a longer run is a clause, not a role phrase describing someone.
    role_appositive_words: int = 3
    # Words after a number read as what it counts, stopping sooner at a function word or after
    # the first plural: four hold "500 U.S. service members" ("U.S.", "service", "members").
    number_counted_words: int = 4
    # A unit reported by at least this share of the story's sources is an omission for the
    # sources that leave it out ("most sources": 3 of 5, 2 of 3; never 1 of 2).
    omission_share: float = 0.6
    # omissions.csv lists every unit x source up to this many sources; above it (a folder of
    # thousands of one-file sources grew the table to 11 GB) only covered, unique and omitted
    # rows, which grow with the paragraphs, not with units x sources. Stories of the bundled
    # story's and NewsWCL50's size (5 sources) are far below it.
    omission_table_max_sources: int = 200
    # A candidate omission is `omitted` only when all three absence signals agree (`compare.
    # absence`); otherwise it is `partly_covered` (or `covered` at `claim_threshold`). Chosen
    # on the tune half of the 133 blind omission labels (tests/data/omission_labels.csv,
    # bench/omission_labels.py): the highest precision with recall >= 0.2, 0.86 / 0.20 on the
    # tune half, 1.00 / 0.25 held out. (1) No passage of the source scores this much against
    # the claim: looser than `claim_threshold`, as absence must be more certain than presence.
    absence_threshold: float = 0.16
    # (2) No passage of the source holds this share of the claim's term weight (squared IDF x
    # kind boosts): the asymmetric check, so a short passage carrying part of a long claim is
    # not an absence. Alone at 0.10 (with 1): 0.80 / 0.27 tune, 1.00 / 0.25 held out.
    absence_containment: float = 0.10
    # (3) The whole source, all passages together, holds less than this share: the claim's
    # telling names, numbers and words are not in the source at all.
    absence_spread: float = 0.20
    # A fact a source does not mention is `described` there (not left out) when a sentence
    # stating it scores this much against one of the source's passages: the same claim,
    # clearly, so the fact is most likely named another way ("the Russian envoy"). 0.5 of
    # 0.19/0.25/0.3/0.4/0.5/off on the tune half of the 153 blind fact labels
    # (bench/fact_labels.py --sweep): precision of "left out" 0.872 (off: 0.854), same recall
    # 0.976, when it was chosen; lower values cost recall (0.19: 0.64) for no precision. With
    # the role and initialism rules added since: 0.932 tune, 0.857 held out (BENCHMARKS.md).
    fact_described_threshold: float = 0.5
