"""toponorm inside other pipelines: spaCy's, pandas columns, Dask on a local cluster of two
worker processes, and Spark (when pyspark and Java are there; the skip says why not)."""

from __future__ import annotations

import shutil
import sys

import pytest

import toponorm

DOCS = ["Shelling near Baghmud in eastern Ukraine, officials in Kiev said.",
        "Russian forces hit Gerson overnight; Kharkov was calm.",
        "Strike on Zaporozhye. President Volodymyr Zelenskiy spoke.",
        "Nothing to see here.",
        "Shelling hit Donetsk oblast overnight in Ukraine.",
        "Troops shelled Myrne in Ukraine."]


# -- spaCy ----------------------------------------------------------------------------------
def test_spacy_component_is_registered_and_sets_entity_spans():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("toponorm")  # by entry point: nothing of toponorm imported by hand
    doc = nlp(DOCS[0])
    assert [(e.text, e.label_, e.kb_id_, e._.toponorm_name) for e in doc.ents] == [
        ("Baghmud", "GPE", toponorm.resolve("Bakhmut").id, "Bakhmut"),
        ("Kiev", "GPE", toponorm.resolve("Kyiv").id, "Kyiv")]
    ent = doc.ents[0]
    assert ent._.toponorm_unit.kind == "city" and ent._.toponorm_match.score > 80
    # the person is no place
    assert [e.text for e in nlp(DOCS[2]).ents] == ["Zaporozhye"]


def test_spacy_component_keeps_documents_apart_and_other_entities():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("toponorm", config={"label": "LOC", "overwrite_ents": False})
    alone = [e.kb_id_ for e in nlp(DOCS[5]).ents]
    # one Doc's places never change the next one's (nlp.pipe reuses the component)
    docs = list(nlp.pipe([DOCS[4], DOCS[5]]))
    assert [e.kb_id_ for e in docs[1].ents] == alone
    assert {e.label_ for d in docs for e in d.ents} == {"LOC"}
    # entities a model set before stay when they overlap a place and overwrite_ents is off
    doc = nlp.make_doc(DOCS[1])
    doc.ents = [doc.char_span(0, 14, label="NORP")]  # "Russian forces"
    doc = nlp.get_pipe("toponorm")(doc)
    assert [e.label_ for e in doc.ents] == ["NORP", "LOC", "LOC"]


def test_spacy_docs_with_places_serialise_and_come_back_whole():
    # (to_bytes, DocBin and nlp.pipe(n_process=2) all serialise the Doc's user data)
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc, DocBin
    nlp = spacy.blank("en")
    nlp.add_pipe("toponorm")
    doc = nlp(DOCS[0])
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    store = DocBin(store_user_data=True)
    store.add(doc)
    (binned,) = store.get_docs(nlp.vocab)
    for other in (again, binned):
        assert [(e.kb_id_, e._.toponorm_name, e._.toponorm_unit, e._.toponorm_match)
                for e in other.ents] == [
            (e.kb_id_, e._.toponorm_name, e._.toponorm_unit, e._.toponorm_match)
            for e in doc.ents]
    # a span toponorm did not set has none of them
    assert nlp.make_doc("Kiev")[0:1]._.toponorm_match is None


# -- pandas ---------------------------------------------------------------------------------
def test_clean_many_maps_a_text_column():
    pd = pytest.importorskip("pandas")
    column = pd.Series([*DOCS, None, ""])
    cleaned = toponorm.clean_many(column)
    assert cleaned[:len(DOCS)] == [toponorm.clean(d) for d in DOCS]
    assert pd.isna(cleaned[len(DOCS)]) and cleaned[-1] == ""  # a missing cell stays so


# -- Dask -----------------------------------------------------------------------------------
def _resolve_partition(df):
    # runs in a worker: toponorm.default() is built there once, on the first call, and kept
    from toponorm.frames import resolve_frame
    return resolve_frame(df["location"], contexts=df["admin1"])


def test_dask_recipe_on_a_local_cluster_of_two_workers():
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    db = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from toponorm.frames import resolve_frame

    events = pd.DataFrame({
        "location": ["Zolochiv", "Zolochiv", "Baghmud", None, "Kamianka", "Kiev"] * 10,
        "admin1": ["Kharkiv oblast", "Lviv oblast", "Donetsk oblast", None,
                   "Cherkasy oblast", None] * 10})
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        ddf = dd.from_pandas(events, npartitions=4)
        meta = resolve_frame(pd.Series([], dtype=object))
        out = ddf.map_partitions(_resolve_partition, meta=meta).compute()
        cleaned = db.from_sequence(DOCS, npartitions=3).map(toponorm.clean).compute()
    expected = resolve_frame(events["location"], contexts=events["admin1"])
    pd.testing.assert_frame_equal(out.sort_index(), expected, check_dtype=False)
    assert cleaned == [toponorm.clean(d) for d in DOCS]


# -- Spark ----------------------------------------------------------------------------------
def _spark_missing() -> str:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install pyspark)"
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return "pyarrow is not installed (Spark's mapInPandas needs it: pip install pyarrow)"
    if shutil.which("java") is None:
        return "no java on PATH (Spark needs a JVM)"
    return ""


@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")
def test_spark_recipe_with_map_in_pandas(monkeypatch):
    why = _spark_missing()
    if why:
        print(f"Spark test skipped: {why}", file=sys.stderr)
        pytest.skip(why)
    from pyspark.sql import SparkSession

    def clean_batches(batches):
        # mapInPandas: one Python worker per task, one Toponorm per worker (default()); the
        # function is shipped by value (the workers cannot import this test module)
        import toponorm
        for frame in batches:
            frame["text"] = toponorm.clean_many(frame["text"])
            yield frame

    # Spark's Python workers must run the interpreter toponorm is installed in
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").appName("toponorm-test").getOrCreate()
    try:
        df = spark.createDataFrame([(i, d) for i, d in enumerate(DOCS)], "id long, text string")
        rows = df.mapInPandas(clean_batches, schema=df.schema).orderBy("id").collect()
    finally:
        spark.stop()
    assert [r.text for r in rows] == [toponorm.clean(d) for d in DOCS]
