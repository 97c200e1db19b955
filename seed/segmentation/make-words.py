#!/usr/bin/env python3
"""Writes seed/segmentation/words.txt, the word-segmentation dictionary.

Usage: seed/segmentation/make-words.py <jieba-rs>/src/data/dict.txt

The dictionary is jieba's (MIT licence, see LICENSE-jieba in this folder):
its words of frequency 7 or more, plus its rarer words that occur in the
seeded catalogue, knowledge base, network and regions, as `word frequency`
without part-of-speech tags, which search does not use. The whole dictionary
(349,045 words) held about 57 MB in every process; this one about a quarter.
The evaluation questions (knowledge-eval.json) are deliberately not read.
"""
import json
import pathlib
import re
import sys

MIN_FREQUENCY = 7
SEED = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ["knowledge.json", "matters.json", "jinzhong-network.csv",
           "jinzhong-parks.csv", "regions.csv", "hotline-rules.json"]


def seeded_runs():
    """Every run of Chinese characters in the seeded texts."""
    for name in SOURCES:
        text = (SEED / name).read_text(encoding="utf-8")
        if name.endswith(".json"):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        yield from re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}", text)


def main(source):
    words = []
    for line in open(source, encoding="utf-8"):
        parts = line.split()
        if parts:
            words.append((parts[0], int(parts[1])))
    rare = {w for w, f in words if f < MIN_FREQUENCY}
    wanted = set()
    for run in seeded_runs():
        for i in range(len(run)):
            for j in range(i + 2, min(len(run), i + 12) + 1):
                if run[i:j] in rare:
                    wanted.add(run[i:j])
    kept = [(w, f) for w, f in words if f >= MIN_FREQUENCY or w in wanted]
    out = SEED / "segmentation" / "words.txt"
    with open(out, "w", encoding="utf-8") as f:
        for w, freq in kept:
            f.write(f"{w} {freq}\n")
    print(f"{len(kept)} of {len(words)} words ({len(wanted)} rarer ones from the seed) -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
