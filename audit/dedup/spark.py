"""The dedup engine on Spark (`audit dedup --engine spark`): the only module that imports pyspark
(`audit.report.spark` takes its session from `spark_session` here).

The same normalisation, MinHash signatures, LSH band keys, rapidfuzz verification and finding
construction as `audit.dedup.engine`, spread over a cluster: texts are keyed and hashed in
partitions, exact copies grouped by hash, band entries grouped by key across the cluster, and
each bucket's candidates chosen by the streaming engine's own rules (`audit.dedup.plan`), so
the findings are identical to a local run. Candidates are verified in partitions; each record's
best match links it to an earlier record, and clusters are the components of those links (a
forest: every link points back in the input, so one pass in input order names each root).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from operator import add
from typing import Any, TypeVar

from pyspark import RDD, SparkContext
from pyspark.sql import SparkSession

from audit.config import DEFAULT_SPARK_DRIVER_MEMORY, DEFAULT_SPARK_MASTER, DedupConfig
from audit.dedup.engine import check_config, key_hash, make_finding, stored_record
from audit.dedup.findings import Finding
from audit.dedup.lsh import fold32
from audit.dedup.minhash import make_hasher, text_band_keys
from audit.dedup.plan import bucket_pairs, ranked, run_ranges
from audit.dedup.records import Record
from audit.dedup.verify import RULE_EXACT, BoilerplateRules, Verdict, verify
from audit.errors import AuditInputError
from audit.text.normalize import match_key

T = TypeVar("T")
# (position, verdict) of a record's best earlier match.
_Link = tuple[int, Verdict]


def start_session(master: str | None, app_name: str = "audit dedup") -> SparkSession:
    """A Spark session on `master`; with None, on the `--master` of `spark-submit` when it
    launched this process (and its conf as given), else on `DEFAULT_SPARK_MASTER`. Started here, it
    has no web UI, and a local master runs its Python workers on this interpreter (so they
    import this installed `audit`) and binds to loopback."""
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise AuditInputError("--engine spark", "needs a Java runtime (no java on PATH)")
    builder = SparkSession.builder.appName(app_name)
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started the JVM: its conf
    if master is not None or not submitted:
        master = master or DEFAULT_SPARK_MASTER
        builder = builder.master(master).config("spark.ui.enabled", "false")
        builder = builder.config("spark.ui.showConsoleProgress", "false")
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no warning on the host's IP
            builder = builder.config("spark.driver.host", "127.0.0.1")
            builder = builder.config("spark.driver.bindAddress", "127.0.0.1")
            if not {"SPARK_DRIVER_MEMORY", "PYSPARK_SUBMIT_ARGS"} & set(os.environ):
                # the driver is this machine's JVM, started here: its heap can still be set
                builder = builder.config("spark.driver.memory", DEFAULT_SPARK_DRIVER_MEMORY)
    with warnings.catch_warnings():  # audit hands Spark no pandas data: the warning is noise
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas")
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextmanager
def spark_session(
    master: str | None, app_name: str, session: SparkSession | None = None
) -> Iterator[SparkSession]:
    """`session`, else the session already active in this process (a notebook's, a test's: it
    is left running, on its own master), else one started on `master` and stopped on exit."""
    current = session or SparkSession.getActiveSession()
    if current is not None:
        yield current
        return
    started = start_session(master, app_name)
    try:
        yield started
    except BaseException:  # Ctrl-C, a failed write: what fails while stopping is no news
        started.sparkContext.setLogLevel("OFF")
        raise
    finally:
        started.stop()


def job_group(name: str) -> str:
    """A new Spark job group id: the jobs of one call, cancelled together."""
    return f"{name}-{uuid.uuid4().hex}"


def submit_jobs(
    pool: ThreadPoolExecutor, sc: SparkContext, group: str, fn: Callable[..., T], *args: Any
) -> Future[T]:
    """`fn(sc, *args)` in a thread of `pool`, its Spark jobs in `group`. The caller waits on
    the future outside any call into the JVM, so Ctrl-C reaches it at once (and PySpark's own
    handler cancels the jobs) instead of interrupting a py4j call half-way."""

    def call() -> T:
        sc.setJobGroup(group, group)
        return fn(sc, *args)

    return pool.submit(call)


def classify_spark(
    records: Iterable[Record],
    config: DedupConfig | None = None,
    *,
    session: SparkSession | None = None,
    master: str | None = None,
) -> Iterator[tuple[Record, Finding | None]]:
    """Every record, in input order, with its finding: the same as `engine.classify` (without
    a persistent index). Runs on `spark_session(master, ..., session)`."""
    config = config or DedupConfig()
    check_config(config)
    listed = list(records)
    found: dict[int, Finding] = {}
    with spark_session(master, "audit dedup", session) as spark, ThreadPoolExecutor(1) as pool:
        group = job_group("audit-dedup")
        sc = spark.sparkContext
        try:
            if listed:
                found = dict(submit_jobs(pool, sc, group, _findings, listed, config).result())
        except BaseException:  # Ctrl-C, SIGTERM: the jobs are not waited for
            sc.cancelJobGroup(group)
            raise
    for pos, record in enumerate(listed):
        yield record, found.get(pos)


def _findings(sc: SparkContext, records: list[Record], config: DedupConfig) -> list:
    parts = slices = max(sc.defaultParallelism, len(records) // 20_000 + 1)
    shipped = [(pos, dataclasses.replace(r, raw=None)) for pos, r in enumerate(records)]
    texts = sc.parallelize(shipped, slices).cache()
    keys = texts.mapValues(lambda r: match_key(r.text)).filter(lambda pk: bool(pk[1].split()))
    keys = keys.cache()
    groups = keys.map(lambda pk: (key_hash(pk[1]), pk[0])).groupByKey(parts).mapValues(sorted)
    groups = groups.cache()
    exact = groups.flatMap(lambda hv: [(pos, hv[1][0]) for pos in hv[1][1:]]).collect()
    firsts = groups.map(lambda hv: (hv[1][0], None))
    shortest = config.min_near_words
    near = (
        firsts.join(keys, parts)
        .mapValues(lambda nk: nk[1])
        .filter(lambda pk: len(pk[1].split()) >= shortest)
    )
    near = near.cache()
    links: dict[int, _Link] = {pos: (first, Verdict(1.0, RULE_EXACT)) for pos, first in exact}
    links.update(_near_links(sc, near, config, parts))
    cluster_of: dict[int, int] = {}
    for pos in sorted(links):
        other = links[pos][0]
        cluster_of[pos] = cluster_of.get(other, other)
    rows = [
        (pos, (other, v, records[cluster_of[pos]].record_id)) for pos, (other, v) in links.items()
    ]
    rules = sc.broadcast(BoilerplateRules.of(config))
    linked = sc.parallelize(rows, slices).join(
        texts, parts
    )  # pos -> ((other, verdict, cluster), record)
    by_other = linked.map(lambda kv: (kv[1][0][0], (kv[0], kv[1][1], kv[1][0][1], kv[1][0][2])))
    out = by_other.join(texts, parts).map(lambda kv: _finding(kv[1][0], kv[1][1], rules.value))
    result = out.collect()
    for cached in (texts, keys, groups, near):
        cached.unpersist()
    return result


def _finding(linked: tuple, other: Record, rules: BoilerplateRules) -> tuple[int, Finding]:
    pos, record, verdict, cluster_id = linked
    stored = dataclasses.replace(stored_record(other, ""), cluster_id=cluster_id)
    return pos, make_finding(record, match_key(record.text), stored, verdict, rules)


def _near_links(sc: SparkContext, near: RDD, config: DedupConfig, parts: int) -> dict[int, _Link]:
    """Best verified earlier match of each near-duplicate candidate text, by position."""
    batch_size = config.batch_size
    per_batch = near.map(lambda pk: pk[0] // batch_size).countByValue()
    runs = sc.broadcast(run_ranges(dict(per_batch), config.bands))
    cap, most = config.max_bucket_candidates, config.max_verify
    settings = (config.shingle_words, config.bands, config.rows, config.seed)
    entries = near.mapPartitions(lambda part: _band_entries(part, settings))
    pairs = entries.groupByKey(parts).flatMap(
        lambda kv: bucket_pairs(sorted(kv[1]), runs.value, batch_size, cap)
    )
    hits = pairs.map(lambda qs: (qs, 1)).reduceByKey(add, parts)
    chosen = hits.map(lambda qh: (qh[0][0], (qh[1], qh[0][1]))).groupByKey(parts)
    order = chosen.flatMap(
        lambda qc: [(s, (qc[0], rank)) for rank, s in enumerate(ranked(list(qc[1]), most))]
    )
    with_keys = order.join(near, parts).map(
        lambda kv: (kv[1][0][0], (kv[1][0][1], kv[0], kv[1][1]))
    )
    best = with_keys.groupByKey(parts).join(near, parts).flatMap(lambda kv: _best(kv, config))
    return dict(best.collect())


def _band_entries(part: Iterable[tuple[int, str]], settings: tuple) -> Iterator[tuple]:
    """(band key, (position, band)) of every near-duplicate candidate text of a partition."""
    listed = list(part)
    if not listed:
        return
    shingle_words, bands, rows, seed = settings
    hasher = make_hasher(shingle_words=shingle_words, bands=bands, rows=rows, seed=seed)
    # Folded to 32 bits as `BandIndex` holds them: a folded collision is one more entry in a
    # bucket, and with the bucket cap it can change which entries a query takes.
    keys = fold32(text_band_keys(hasher, [key.split() for _, key in listed]))
    for (pos, _), row in zip(listed, keys.tolist(), strict=True):
        for band, value in enumerate(row):
            yield value, (pos, band)


def _best(item: tuple, config: DedupConfig) -> list[tuple[int, _Link]]:
    """The engine's `_best`: verify in rank order, keep the highest score (the first on ties)."""
    pos, (candidates, key) = item
    words = key.split()
    best: _Link | None = None
    for _, other, other_key in sorted(candidates):
        verdict = verify(words, other_key.split(), config)
        if verdict is not None and (best is None or verdict.score > best[1].score):
            best = (other, verdict)
    return [] if best is None else [(pos, best)]
