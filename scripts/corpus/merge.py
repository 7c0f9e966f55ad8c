#!/usr/bin/env python3
"""Merges the blind coders' work into the coded corpus, and measures their agreement.

In: a coding folder (outside the repository) holding, for each person and each sampling
round (no suffix for round 1, `.r2` for round 2), `sheets/<person><round>.order.csv` (sheet
number -> post id, from sample.py), `A/<person><round>.csv` and `B/<person><round>.csv` (the
two independent coders: `n,purpose,topics`) and `C/<person><round>.csv` (the third coder's
decision on every post where A and B differed). Out: data/corpus/codes.csv (one row per post: person,
id, stratum, the settled purpose and topics, and both coders' codes; ids and codes only,
never text) and data/corpus/agreement.csv (per person: posts, Cohen's kappa of the two
coders on purpose, their topic micro-F1, how many posts the third coder settled).

Usage: scripts/corpus/merge.py CODING_DIR
"""
import collections
import csv
import os
import sys


# The sampling rounds' file suffixes (see sample.py).
ROUNDS = ["", ".r2"]


def kappa(a, b):
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = collections.Counter(a), collections.Counter(b)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (po - pe) / (1 - pe)


def topic_set(cell):
    return frozenset(t for t in cell.split("|") if t)


def micro_f1(gold, other):
    tp = fp = fn = 0
    for g, o in zip(gold, other):
        tp += len(g & o)
        fp += len(o - g)
        fn += len(g - o)
    return 2 * tp / (2 * tp + fp + fn)


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    coding = sys.argv[1]
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = os.path.join(repo, "data", "corpus")
    strata = {(r["person"], r["id"]): r["stratum"] for r in read(os.path.join(out, "sample.csv"))}
    people = list(dict.fromkeys(p for p, _ in strata))
    rows, agreement = [], []
    for person in people:
        settled = 0
        all_a, all_b = [], []
        for suffix in ROUNDS:
            if not os.path.exists(os.path.join(coding, "sheets", f"{person}{suffix}.order.csv")):
                continue
            order = read(os.path.join(coding, "sheets", f"{person}{suffix}.order.csv"))
            a = read(os.path.join(coding, "A", f"{person}{suffix}.csv"))
            b = read(os.path.join(coding, "B", f"{person}{suffix}.csv"))
            c = {r["n"]: r for r in read(os.path.join(coding, "C", f"{person}{suffix}.csv"))}
            assert [r["n"] for r in a] == [r["n"] for r in b] == [r["n"] for r in order], person
            settled_here = merge_round(person, order, a, b, c, strata, rows)
            assert len(c) == settled_here, f"{person}{suffix}: third coder settled {len(c)}, {settled_here} differ"
            settled += settled_here
            all_a += a
            all_b += b
        a, b = all_a, all_b
        agreement.append({
            "person": person,
            "posts": len(a),
            "purpose_kappa": f"{kappa([r['purpose'] for r in a], [r['purpose'] for r in b]):.3f}",
            "purpose_agreement": f"{sum(x['purpose'] == y['purpose'] for x, y in zip(a, b)) / len(a):.3f}",
            "topic_micro_f1": f"{micro_f1([topic_set(r['topics']) for r in a], [topic_set(r['topics']) for r in b]):.3f}",
            "settled_by_third_coder": settled,
        })
    finish(out, people, rows, agreement)


def merge_round(person, order, a, b, c, strata, rows):
    """Adds one round's posts of `person` to `rows`; returns how many the third coder settled."""
    settled = 0
    for o, ra, rb in zip(order, a, b):
        same = ra["purpose"] == rb["purpose"] and topic_set(ra["topics"]) == topic_set(rb["topics"])
        if same:
            final = ra
        else:
            final = c[o["n"]]
            settled += 1
        rows.append({
            "person": person,
            "id": o["id"],
            "stratum": strata[(person, o["id"])],
            "purpose": final["purpose"],
            "topics": "|".join(sorted(topic_set(final["topics"]))),
            "coder_a": f"{ra['purpose']}:{'|'.join(sorted(topic_set(ra['topics'])))}",
            "coder_b": f"{rb['purpose']}:{'|'.join(sorted(topic_set(rb['topics'])))}",
            "settled_by": "agreed" if same else "third_coder",
        })
    return settled


def finish(out, people, rows, agreement):
    rows.sort(key=lambda r: (people.index(r["person"]), int(r["id"])))
    with open(os.path.join(out, "codes.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(out, "agreement.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(agreement[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(agreement)
    for r in agreement:
        print(r, file=sys.stderr)


if __name__ == "__main__":
    main()
