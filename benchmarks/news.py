"""Real news about the war, judged span by span (``../shared/eval/news_dev``, measurement only:
nothing here is copied into the project, and no figure printed is used for tuning a list).

For each document, ``find()`` on a fresh filter (documents never share context). A rewrite (a
mention whose replacement differs from its text) is *judged* when a gold entry covers its span:

- right text: a ``rewrite`` entry with that span allows the replacement;
- right unit: also the entry's unit (when it has one) is the mention's unit;
- wrong: the span is a ``stay`` entry (a person, a word, a place abroad...), a ``canonical``
  one, or a ``rewrite`` entry that allows another text.

Rewrites no gold entry covers are *unjudged* and counted apart (read them before counting them
either way). Recall: ``rewrite`` entries rewritten to an allowed text. Each source document
comes once per translation system, so distinct (source document, surface, replacement) triples
are counted too.

The baseline is a plain replace list built from the data, not by hand: every English name
GeoNames gives a city over 100,000 people or an oblast that is also a romanisation of its
Russian name (Kiev, Kharkov, Nikolaev), replaced wherever it stands as a word.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from toponorm import Toponorm

Rewrite = tuple[int, int, str, str, str | None]  # start, end, surface, replacement, unit id


@dataclass(frozen=True)
class Doc:
    id: str
    text: str
    entries: tuple[dict, ...]

    @property
    def source(self) -> str:
        return self.id.rsplit(".", 1)[0]


def load(folder: Path) -> list[Doc]:
    gold = {}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        gold[d["id"]] = tuple(d["entries"])
    out = []
    for line in (folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append(Doc(d["id"], d["text"], gold.get(d["id"], ())))
    return out


def toponorm_rewrites(tn: Toponorm) -> Callable[[str], list[Rewrite]]:
    def rewrites(text: str) -> list[Rewrite]:
        return [(m.start, m.end, m.text, m.replacement, m.place.id)
                for m in tn.find(text) if m.replacement != m.text]
    return rewrites


def list_baseline(tn: Toponorm) -> Callable[[str], list[Rewrite]]:
    gaz = tn.gazetteer
    table: dict[str, tuple[str, str]] = {}
    for i in range(len(gaz)):
        cat = gaz.category(i)
        big_city = cat in "KM" and gaz.population(i) > 100_000
        if not (big_city or cat == "O"):
            continue
        u = gaz.unit(i)
        canonical = u.english_name if cat == "O" else u.name
        for form, mask in gaz.forms_of(i):
            tags = gaz.tag_names(mask)
            attested_russian = "geonames-latin" in tags and any(t.startswith("ru:") for t in tags)
            if attested_russian and form != canonical.lower() \
                    and re.fullmatch(r"\w{3,}(?:[ -]\w+)*", form):
                word = form.title()
                if word not in table or cat != "O":  # a city before its oblast (Kharkov)
                    table[word] = (canonical if cat != "O" else u.short, u.id)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(table, key=len,
                                                                   reverse=True))) + r")\b")

    def rewrites(text: str) -> list[Rewrite]:
        return [(m.start(), m.end(), m.group(), table[m.group()][0], table[m.group()][1])
                for m in pattern.finditer(text)]
    return rewrites


def measure(docs: Iterable[Doc], rewrites: Callable[[str], list[Rewrite]]) -> Counter:
    c: Counter = Counter()
    triples: dict[str, set] = {"judged": set(), "right": set(), "unjudged": set()}
    for doc in docs:
        found = rewrites(doc.text)
        by_span = {(e["s"], e["e"]): e for e in doc.entries}
        for s, e, surface, replacement, unit in found:
            entry = by_span.get((s, e))
            covering = entry or next((g for g in doc.entries if g["s"] < e and s < g["e"]), None)
            key = (doc.source, surface, replacement)
            if covering is None:
                c["unjudged"] += 1
                triples["unjudged"].add(key)
                continue
            c["judged"] += 1
            triples["judged"].add(key)
            right_text = entry is not None and entry["kind"] == "rewrite" and \
                replacement in entry.get("allow", ())
            if right_text:
                c["right text"] += 1
                if not entry.get("unit") or entry["unit"] == unit:
                    c["right unit"] += 1
                    triples["right"].add(key)
            else:
                c[f"wrong: {covering['kind']}"] += 1
        rewritten = {(s, e, r) for s, e, _, r, _ in found}
        for g in doc.entries:
            if g["kind"] == "rewrite":
                c["gold rewrites"] += 1
                c["recalled"] += any((g["s"], g["e"], a) in rewritten for a in g["allow"])
    c["distinct judged"] = len(triples["judged"])
    c["distinct right"] = len(triples["right"])
    c["distinct unjudged"] = len(triples["unjudged"])
    return c


def row(name: str, c: Counter) -> list[str]:
    judged = max(1, c["judged"])
    return [name, str(c["judged"]), f"{100 * c['right text'] / judged:.1f}%",
            f"{100 * c['right unit'] / judged:.1f}%",
            f"{100 * c['recalled'] / max(1, c['gold rewrites']):.1f}%",
            str(c["wrong: stay"]), str(c["wrong: canonical"]), str(c["wrong: rewrite"]),
            f"{c['distinct right']}/{c['distinct judged']}", str(c["unjudged"]),
            str(c["distinct unjudged"])]


HEADER = ["system", "judged rewrites", "precision (text)", "precision (unit)", "recall",
          "wrong: must stay", "wrong: was canonical", "wrong: other text",
          "distinct right/judged", "unjudged rewrites", "distinct unjudged"]
