#!/usr/bin/env python3
"""bench/report.py on a small run of made-up figures: the targets table reads the harness's
main table (not the probe-count table below it, which has as many columns) and says which
targets are met."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

PEERS = """# Peer search engines — 2026-11-27

| engine | corpus | passages | index s | index MB | p50 ms | p95 ms | peak RSS MB | notes |
|---|---|---:|---:|---:|---:|---:|---:|---|
| PostgreSQL 15 FTS 'swedish' | 19x | 1,020,452 | 43.0 | 1,055.5 | 3.90 | 80.97 | 215 | pg |
| SQLite FTS5 (unicode61) | 19x | 1,020,452 | 24.1 | 706.8 | 1.36 | 13.78 | 18 | sqlite |
| tantivy-py (Rust tantivy) | 19x | 1,020,452 | 13.5 | 390.9 | 0.17 | 0.81 | 276 | tantivy |
| hinder | 19x | 1,020,452 | 41.4 | 514.4 | 1.16 | 2.53 | 912 | http |

Probe counts (exact number of matching passages, corpus 19x):

| engine | kommun | kommunerna | utbyggnad | utbyggnaden | samordnare | bredbandssamordnare | ledning | vattenledning |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
| hinder | 1273 | 1273 | 304 | 190 | 190 | 38 | 10279 | 228 |
"""


def latency(p50):
    return {"requests": 100, "errors": 0, "seconds": 5.0, "p50": p50, "p95": p50 * 2,
            "p99": p50 * 3, "max": p50 * 4, "per_second": 20.0}


HINDER = {
    "corpus": "corpus-19x.jsonl", "passages": 1020452, "index_seconds": 45.3,
    "passages_per_second": 22546, "index_bytes": 514 * 10**6, "index_peak_rss_kib": 940 * 1024,
    "first_answer_seconds": 0.075, "serve_peak_rss_kib": 211 * 1024,
    "classes": {"single word": latency(0.87), "typo": latency(2.5), "suggest": latency(0.47)},
    "throughput": latency(30.0),
}


class ReportTest(unittest.TestCase):
    def test_targets_come_from_the_main_table(self):
        with tempfile.TemporaryDirectory() as work:
            peers = os.path.join(work, "peers-corpus-19x.md")
            hinder = os.path.join(work, "hinder.jsonl")
            out = os.path.join(work, "benchmarks.md")
            with open(peers, "w", encoding="utf-8") as f:
                f.write(PEERS)
            with open(hinder, "w", encoding="utf-8") as f:
                f.write(json.dumps(HINDER) + "\n")
            subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "--hinder", hinder,
                            "--criterion", os.path.join(work, "none"), "--out", out, peers],
                           check=True)
            with open(out, encoding="utf-8") as f:
                report = f.read()
        targets = {line.split("|")[1].strip(): line for line in report.splitlines()
                   if line.startswith("| ") and line.count("|") == 4}
        self.assertIn("worst class 2.50 ms | **missed**", targets["search p50 ≤ 2.0 ms in every class"])
        self.assertIn("0.47 ms | met", targets["suggest p50 ≤ 1.0 ms"])
        sqlite = next(v for k, v in targets.items() if "SQLite FTS5 at p50" in k)
        self.assertIn("1.2x at p50, 5.4x at p95 | **missed**", sqlite)
        size = next(v for k, v in targets.items() if k.startswith("index size"))
        self.assertIn("514 MB vs 391 MB (1.32x) | met", size)
        indexing = next(v for k, v in targets.items() if "tantivy-py" in k)
        self.assertIn("41.4 s vs 13.5 s (0.33x) | **missed**", indexing)


if __name__ == "__main__":
    unittest.main()
