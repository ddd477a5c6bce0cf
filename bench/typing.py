#!/usr/bin/env python3
"""Suggest latency as people type: every prefix (two letters or more) of each query of the
harness's queries.json, requested once and in order, against a running `hinder serve`.

Unlike the fixed list in measure.py, no request repeats, so the figures include what a
keystroke costs the first time (the server keeps only the answers for texts of up to three
letters). Prints the median and the 90th percentile over all requests, over the prefixes of
a first word and over those of a later word. Standard library only.
"""
import argparse
import http.client
import json
import statistics
import time
import urllib.parse


def prefixes(texts: list[str]) -> list[str]:
    """Each text's prefixes of two letters or more, in typing order, each once."""
    seen: set[str] = set()
    order = []
    for text in texts:
        for end in range(2, len(text) + 1):
            prefix = text[:end]
            if not prefix.endswith(" ") and prefix not in seen:
                seen.add(prefix)
                order.append(prefix)
    return order


def percentile(values: list[float], share: float) -> float:
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, int(len(ranked) * share))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--queries", required=True, help="the harness's queries.json")
    args = parser.parse_args()
    with open(args.queries, encoding="utf-8") as f:
        texts = [q["q"].replace('"', "") for q in json.load(f)["queries"]]
    connection = http.client.HTTPConnection("127.0.0.1", args.port)
    first_word, later_word = [], []
    for prefix in prefixes(texts):
        path = "/api/v1/suggest?" + urllib.parse.urlencode({"q": prefix})
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        elapsed = (time.perf_counter() - started) * 1000
        (later_word if " " in prefix else first_word).append(elapsed)
    for name, values in [("all", first_word + later_word), ("first word", first_word),
                         ("later word", later_word)]:
        print(f"{name}: {len(values)} requests, p50 {statistics.median(values):.2f} ms, "
              f"p90 {percentile(values, 0.9):.2f} ms")


if __name__ == "__main__":
    main()
