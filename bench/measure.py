#!/usr/bin/env python3
"""Whole-process figures of Hinder on the benchmark corpus, one scale at a time.

For each JSONL corpus: `hinder index` (wall time, throughput, peak memory, size on disk),
then `hinder serve` on the result: time to the first answered request, latency per query
class over HTTP (wrk, one connection, closed loop: p50/p95/p99), suggest latency, HTTP
throughput at 50 connections, and the server's peak memory. Writes one JSON object per
scale to --out. Standard library only; needs wrk and /usr/bin/time.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))

# Words that newsreel speech has inside compounds (landsbygd, järnväg, kraftverk, ...) and a
# probe passage has in `bredbandssamordnare`.
COMPOUND_PARTS = ["bygd", "väg", "verk", "samordnare", "ledning", "flyg", "skola", "hamn"]
# One or two edits away from words the corpus has.
TYPOS = ["stockhlm", "drotningen", "järnvägn", "regerngen", "elektricitat", "fabirken",
         "kraftverkt", "skörded"]
SUGGEST = ["stockh", "kung", "järnv", "fabr", "regeri", "elektr", "kungen dro", "sv"]


def query_classes(harness: str) -> dict[str, list[str]]:
    """Request paths per query class, from the harness's queries.json and the lists above."""
    with open(os.path.join(harness, "queries.json"), encoding="utf-8") as f:
        queries = json.load(f)["queries"]

    def search(q: str = "", **params: str) -> str:
        query = {"q": q, **params, "limit": "10"} if q else {**params, "limit": "10"}
        return "/api/v1/search?" + urllib.parse.urlencode(query)

    def of_kind(kind: str) -> list[str]:
        return [search(q["q"], **{k: q[k] for k in ("area", "from", "to") if k in q})
                for q in queries if q["kind"] == kind]

    return {
        "single word": of_kind("word"),
        "inflected form": of_kind("inflected"),
        "compound part": [search(w) for w in COMPOUND_PARTS],
        "typo": [search(w) for w in TYPOS],
        "phrase": of_kind("phrase"),
        "two words": of_kind("and"),
        "filters with facets": of_kind("filter"),
        "empty query with facets": [search(), search(sort="date_desc"), search(sort="date_asc"),
                                    search(offset="10"), search(offset="100", sort="date_desc")],
        "suggest": ["/api/v1/suggest?" + urllib.parse.urlencode({"q": w}) for w in SUGGEST],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_v(args: list[str]) -> tuple[float, int, str]:
    """Runs a command under /usr/bin/time -v: wall seconds, peak RSS in KiB, stderr."""
    out = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{args[0]} failed:\n{out.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", out.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    parts = [float(p) for p in wall.group(1).split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return seconds, int(rss.group(1)), out.stderr


def size_bytes(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def vm_hwm_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


def start_server(hinder: str, index: str, port: int) -> tuple[subprocess.Popen, float]:
    """Starts `hinder serve` and returns it with the seconds until it answered a search."""
    url = f"http://127.0.0.1:{port}/api/v1/search?q=kungen&limit=10"
    started = time.perf_counter()
    server = subprocess.Popen([hinder, "serve", "--index", index, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return server, time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None:
                sys.exit(f"hinder serve exited with {server.returncode}")
            time.sleep(0.002)


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def wrk(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as f:
        f.write("\n".join(paths) + "\n")
    try:
        out = subprocess.run(
            ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s",
             "-s", os.path.join(HERE, "paths.lua"), f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, env={**os.environ, "BENCH_PATHS": f.name}, check=True)
    finally:
        os.unlink(f.name)
    line = next(line for line in out.stdout.splitlines() if line.startswith("BENCH "))
    result = json.loads(line[len("BENCH "):])
    result["per_second"] = result["requests"] / result["seconds"]
    return result


def check_answers(port: int, classes: dict[str, list[str]]) -> None:
    """Every benchmarked request answers 200 with hits: a class of errors is not measured."""
    for name, paths in classes.items():
        for path in paths:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
                body = json.load(response)
            found = body.get("total", len(body.get("completions", [])))
            if name != "typo" and not found:
                sys.exit(f"{name}: {path} finds nothing")


def measure(hinder: str, harness: str, jsonl: str, seconds: int, work: str) -> dict:
    passages = sum(1 for _ in open(jsonl, encoding="utf-8"))
    index = os.path.join(work, "index-" + os.path.basename(jsonl).removesuffix(".jsonl"))
    shutil.rmtree(index, ignore_errors=True)
    print(f"[measure] {os.path.basename(jsonl)}: indexing {passages} passages", file=sys.stderr)
    wall, rss, _ = time_v([hinder, "index", "--input", jsonl, "--index", index,
                           "--status", "publicerad"])
    result = {
        "corpus": os.path.basename(jsonl),
        "passages": passages,
        "index_seconds": wall,
        "passages_per_second": passages / wall,
        "index_bytes": size_bytes(index),
        "index_peak_rss_kib": rss,
    }
    port = free_port()
    # Time to the first answer, three cold starts on the built index: the median counts.
    starts = []
    for _ in range(3):
        server, first = start_server(hinder, index, port)
        starts.append(first)
        stop(server)
    result["first_answer_seconds"] = sorted(starts)[1]

    server, _ = start_server(hinder, index, port)
    try:
        classes = query_classes(harness)
        check_answers(port, classes)
        result["classes"] = {}
        for name, paths in classes.items():
            wrk(port, paths, 1, 1)  # warm-up
            result["classes"][name] = wrk(port, paths, seconds, 1)
            print(f"[measure]   {name}: p50 {result['classes'][name]['p50']:.2f} ms",
                  file=sys.stderr)
        searches = [p for name, paths in classes.items() if name != "suggest" for p in paths]
        result["throughput"] = wrk(port, searches, max(seconds, 10), 50)
        result["serve_peak_rss_kib"] = vm_hwm_kib(server.pid)
    finally:
        stop(server)
    shutil.rmtree(index, ignore_errors=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hinder", required=True, help="the release binary")
    ap.add_argument("--harness", required=True, help="the peer harness (queries.json)")
    ap.add_argument("--corpus", action="append", required=True, help="a JSONL corpus")
    ap.add_argument("--seconds", type=int, default=5, help="per query class")
    ap.add_argument("--work", required=True, help="scratch folder for indexes")
    ap.add_argument("--out", required=True, help="JSON lines, one per corpus")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for jsonl in args.corpus:
            out.write(json.dumps(measure(args.hinder, args.harness, jsonl, args.seconds,
                                         args.work)) + "\n")
            out.flush()


if __name__ == "__main__":
    main()
