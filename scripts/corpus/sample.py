#!/usr/bin/env python3
"""Draws the coded corpus's sample of posts and writes blind coding sheets.

In: the six people's archives in ../shared/fixtures (five Grailbird zips and the legacy
CSV, whose 200 hand-coded dev posts are kept in the sample), and data/chats.csv.
Out: data/corpus/sample.csv (person, id, stratum: which draw chose the post; ids only,
never text) and, in a folder OUTSIDE the repository, one coding sheet per person
(`<person>.md`: the author's public profile and the posts, shuffled so a coder cannot tell
the strata apart) for the blind coders. No classifier output is ever written to a sheet.

Reproducible: the draws are seeded by the person's name, and a re-run writes the same
sample. Usage: scripts/corpus/sample.py SHEETS_DIR [--round N] [--shared ../shared]
(round 1 drew the first sample; round 2 added more posts of each person.)
"""
import argparse
import collections
import csv
import json
import os
import random
import re
import sys
import zipfile
from datetime import datetime

# Per round: (random posts, chat posts) per person. Round 2 added more of each person's
# posts once round 1 showed that the model learns from every coded post it gets.
ROUNDS = {1: (320, 50), 2: (350, 30)}
# In round 1 the legacy person already had 200 coded dev posts (a random draw of their own).
LEGACY_EXTRA_RANDOM = 120

EDUCATORS = ["bhwilkoff", "dkuropatwa", "ellenforsyth", "hibbittsdesign", "mrkrndvs"]
LEGACY = "jrosen48"
LEGACY_PROFILE = {
    "screen_name": "jrosen48",
    "full_name": "Joshua Rosenberg",
    "bio": "(no profile in the export) An education researcher; the archive covers 2010-2012 "
    "and was published in his repository twitter_archive_analysis.",
    "location": "(unknown)",
}


def chat_tags(repo):
    with open(os.path.join(repo, "data", "chats.csv"), newline="") as f:
        return {row["hashtag"].lower() for row in csv.DictReader(f)}


def grailbird_posts(path):
    """(profile, {id: post}) from a Grailbird zip: every monthly file."""
    posts = {}
    with zipfile.ZipFile(path) as z:
        profile = json.loads(z.read("data/js/user_details.js").decode().split("=", 1)[1])
        for name in sorted(z.namelist()):
            if not re.match(r"data/js/tweets/\d{4}_\d{2}\.js$", name):
                continue
            for t in json.loads(z.read(name).decode("utf-8").split("=", 1)[1]):
                posts.setdefault(t["id_str"], grailbird_post(t, profile["screen_name"]))
    return profile, posts


def grailbird_post(t, owner):
    ent = t.get("entities", {})
    rt = t.get("retweeted_status")
    if rt:
        kind = "repost of @" + rt.get("user", {}).get("screen_name", "?")
    elif t.get("in_reply_to_status_id_str") or t.get("in_reply_to_screen_name"):
        to = t.get("in_reply_to_screen_name") or "?"
        kind = "thread (reply to own post)" if to.lower() == owner.lower() else "reply to @" + to
    elif re.match(r"RT @\w+", t["text"]):
        kind = "repost (old style)"
    else:
        kind = "original"
    links = [u.get("expanded_url") or u.get("url") for u in ent.get("urls", [])]
    media = len(ent.get("media", []))
    source = re.sub(r"<[^>]+>", "", t.get("source", ""))
    return {
        "id": t["id_str"],
        "created_at": t["created_at"],
        "kind": kind,
        "text": t["text"],
        "links": links,
        "media": media,
        "app": source,
        "hashtags": [h["text"].lower() for h in ent.get("hashtags", [])],
    }


def legacy_posts(path):
    posts = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = row["text"]
            if row["retweeted_status_id"]:
                m = re.match(r"RT @(\w+)", text)
                kind = "repost of @" + (m.group(1) if m else "?")
            elif row["in_reply_to_status_id"]:
                m = re.match(r"@(\w+)", text)
                kind = "reply to @" + (m.group(1) if m else "?")
            elif re.match(r"RT @\w+", text):
                kind = "repost (old style)"
            else:
                kind = "original"
            posts.setdefault(row["tweet_id"], {
                "id": row["tweet_id"],
                "created_at": row["timestamp"],
                "kind": kind,
                "text": text,
                "links": [u for u in (row.get("expanded_urls") or "").split(",") if u],
                "media": 0,
                "app": re.sub(r"<[^>]+>", "", row["source"]),
                "hashtags": [h.lower() for h in re.findall(r"#(\w+)", text)],
            })
    return LEGACY_PROFILE, posts


def is_chat_post(post, chats):
    """A hashtag of a chat in the directory, or one named like a chat (#rwpchat is not in
    the directory): this only picks the stratum, it is no claim that the post was in a
    session."""
    return any(h in chats or h.endswith("chat") for h in post["hashtags"])


def draw(person, posts, chats, round_, keep=(), drawn=()):
    """[(id, stratum)]: `keep` first, then a random draw, then chat posts not yet drawn;
    never a post of an earlier round (`drawn`)."""
    seed = "pln-lens corpus 1" if round_ == 1 else f"pln-lens corpus {round_}"
    rng = random.Random(f"{seed}:{person}")
    ids = sorted(posts, key=int)
    chosen = [(i, "dev") for i in keep if i in posts]
    taken = {i for i, _ in chosen} | set(drawn)
    n_random, n_chat = ROUNDS[round_]
    if keep:
        n_random = LEGACY_EXTRA_RANDOM
    suffix = "" if round_ == 1 else str(round_)
    pool = [i for i in ids if i not in taken]
    for i in rng.sample(pool, min(n_random, len(pool))):
        chosen.append((i, "random" + suffix))
        taken.add(i)
    chat_pool = [i for i in ids if i not in taken and is_chat_post(posts[i], chats)]
    for i in rng.sample(chat_pool, min(n_chat, len(chat_pool))):
        chosen.append((i, "chat" + suffix))
    return chosen


def parse_time(text):
    """Grailbird writes "2012-01-24 17:41:26 +0000"; later files "Thu Feb 15 21:43:22 +0000 2018"."""
    for fmt in ("%Y-%m-%d %H:%M:%S %z", "%a %b %d %H:%M:%S %z %Y"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise ValueError(f"unknown date {text!r}")


def sheet(person, profile, posts, chosen, round_):
    seed = "pln-lens corpus 1" if round_ == 1 else f"pln-lens corpus {round_}"
    rng = random.Random(f"{seed}:{person}:order")
    order = [i for i, _ in chosen]
    rng.shuffle(order)
    lines = [f"# Posts of @{profile['screen_name']} to code", "",
             "## The author's public profile", ""]
    for key in ["full_name", "screen_name", "location", "bio", "expanded_url"]:
        if profile.get(key):
            lines.append(f"- {key}: {profile[key]}")
    lines += ["", f"## {len(order)} posts", ""]
    for n, i in enumerate(order, 1):
        p = posts[i]
        when = parse_time(p["created_at"])
        lines.append(f"### post {n}")
        lines.append(f"- when: {when:%Y-%m-%d %H:%M} UTC ({when:%a})")
        lines.append(f"- kind: {p['kind']}")
        lines.append(f"- text: {' '.join(p['text'].split())}")
        if p["links"]:
            lines.append(f"- links go to: {' '.join(p['links'])}")
        if p["media"]:
            lines.append(f"- attached photos/videos: {p['media']}")
        if p["app"]:
            lines.append(f"- sent from: {p['app']}")
        lines.append("")
    return "\n".join(lines), order


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument("sheets")
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared"))
    ap.add_argument("--round", type=int, default=1, choices=sorted(ROUNDS))
    args = ap.parse_args()
    if os.path.abspath(args.sheets).startswith(repo + os.sep):
        sys.exit("error: the sheets hold post text; write them outside the repository")
    fx = os.path.join(args.shared, "fixtures")
    chats = chat_tags(repo)
    os.makedirs(args.sheets, exist_ok=True)
    out = os.path.join(repo, "data", "corpus")
    sample_csv = os.path.join(out, "sample.csv")
    # Round 1 writes sample.csv; later rounds keep the rows of earlier ones and add theirs.
    rows = []
    if args.round > 1:
        with open(sample_csv, newline="") as f:
            rows = [(r["person"], r["id"], r["stratum"]) for r in csv.DictReader(f)
                    if not r["stratum"].endswith(str(args.round))]
    people = [(p, lambda p=p: grailbird_posts(os.path.join(fx, "educators", f"{p}-grailbird.zip")), ())
              for p in EDUCATORS]
    with open(os.path.join(fx, "labeled", "dev-coded.csv"), newline="") as f:
        dev = [r["tweet_id"] for r in csv.DictReader(f)]
    people.append((LEGACY, lambda: legacy_posts(os.path.join(fx, "twitter-legacy-csv-2010-2012", "tweets.csv")), dev))
    for person, load, keep in people:
        profile, posts = load()
        drawn = [i for p, i, _ in rows if p == person]
        chosen = draw(person, posts, chats, args.round, keep if args.round == 1 else (), drawn)
        text, order = sheet(person, profile, posts, chosen, args.round)
        name = person if args.round == 1 else f"{person}.r{args.round}"
        with open(os.path.join(args.sheets, f"{name}.md"), "w") as f:
            f.write(text)
        with open(os.path.join(args.sheets, f"{name}.order.csv"), "w") as f:
            f.write("n,id\n" + "".join(f"{n},{i}\n" for n, i in enumerate(order, 1)))
        strata = dict(chosen)
        rows += [(person, i, strata[i]) for i in sorted(strata, key=int)]
        counts = dict(collections.Counter(t for _, t in chosen))
        print(f"{person}: {len(posts)} posts, sample {len(chosen)} {counts}", file=sys.stderr)
    os.makedirs(out, exist_ok=True)
    order = {p: k for k, (p, _, _) in enumerate(people)}
    rows.sort(key=lambda r: (order[r[0]], int(r[1])))
    with open(sample_csv, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "id", "stratum"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
