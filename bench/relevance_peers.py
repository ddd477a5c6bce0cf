#!/usr/bin/env python3
"""Hinder and two peers on the judged queries of tests/relevance/queries.toml.

Fetches every finding from a running Hinder server (the API pages through them with an
empty q), loads the same findings into

  * PostgreSQL 15 full-text search: a throwaway cluster (initdb under the system temp
    folder, a free port on 127.0.0.1, stopped and deleted at the end), built-in `swedish`
    configuration (Snowball stemmer + stop words), tsvector = to_tsvector('swedish', text),
    websearch_to_tsquery('swedish', q), ORDER BY ts_rank;
  * Xapian 1.4 (python3-xapian): TermGenerator/QueryParser with Stem("swedish"), STEM_SOME,
    default AND, FLAG_DEFAULT (phrases, OR, -exclusion), BM25;

and sends each judged query to all three. Like Hinder, the peers match the finding's own text
only (the slide title is not indexed by them; Hinder uses it as a rank boost only). Filters have
the API's semantics: any of the given areas, any of the given sources, both kinds together.
Ties are broken by reading order for the peers.

Metrics per query: recall@10 = |relevant ∩ top 10| / min(|relevant|, 10); reciprocal rank of the
first relevant hit in the top 10 (0 when none). Printed as a Markdown table (overall and per
kind) followed by each engine's misses (recall@10 < 1).

    HINDER_URL=http://127.0.0.1:3000 /usr/bin/python3 bench/relevance_peers.py [--json out.json]

Needs Debian's postgresql, python3-xapian and python3-psycopg2 (apt-get install ...); run as
root (the cluster then runs as the `postgres` user) or as a user who may run initdb.
"""
from __future__ import annotations

import argparse
import atexit
import glob
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

try:
    import psycopg2
    import tomllib
    import xapian
except ImportError as err:  # a pyenv/venv python without Debian's bindings: use the system one
    system_python = "/usr/bin/python3"
    if os.path.realpath(sys.executable) != os.path.realpath(system_python) and os.path.exists(system_python):
        os.execv(system_python, [system_python, *sys.argv])
    sys.exit(f"relevance_peers.py: {err}; apt-get install postgresql python3-xapian python3-psycopg2")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = REPO / "tests" / "relevance" / "queries.toml"
K = 10
HINDER_LABEL = os.environ.get("HINDER_LABEL", "Hinder")


# --- data ---------------------------------------------------------------------------------
def get_json(base: str, path: str, params: list[tuple[str, str]]) -> dict:
    url = base.rstrip("/") + path + "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.load(resp)


def fetch_findings(base: str) -> list[dict]:
    """Every finding, in the order the API lists them for an empty query."""
    out, offset = [], 0
    while True:
        page = get_json(base, "/api/v1/search", [("q", ""), ("limit", "100"), ("offset", str(offset))])
        out += page["hits"]
        offset += 100
        if offset >= page["total"] or not page["hits"]:
            break
    seen = set()
    for ord_, f in enumerate(out):
        if f["id"] in seen:
            sys.exit(f"duplicate id {f['id']} while paging")
        seen.add(f["id"])
        f["ord"] = ord_
    return out


def load_queries(path: Path) -> list[dict]:
    with open(path, "rb") as f:
        queries = tomllib.load(f)["query"]
    for q in queries:
        q.setdefault("area", [])
        q.setdefault("source", [])
    return queries


# --- engines ------------------------------------------------------------------------------
class Hinder:
    name = HINDER_LABEL

    def __init__(self, base: str):
        self.base = base

    def search(self, q: dict) -> list[str]:
        params = [("q", q["q"])] + [("area", a) for a in q["area"]] + [("source", s) for s in q["source"]]
        params.append(("limit", str(K)))
        return [h["id"] for h in get_json(self.base, "/api/v1/search", params)["hits"]]

    def close(self):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        sys.exit("relevance_peers.py: no PostgreSQL server binaries (apt-get install postgresql)")
    return found[-1]


class Postgres:
    name = "PostgreSQL 15 FTS (swedish)"

    def __init__(self, findings: list[dict]):
        self.root = tempfile.mkdtemp(prefix="hinder-relevance-pg-")
        self.data = os.path.join(self.root, "data")
        self.port = free_port()
        self.server = None
        atexit.register(self.close)
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the cluster as `postgres`
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        subprocess.run(self.prefix + [pg_bin("initdb"), "-D", self.data, "-U", "postgres", "--auth=trust",
                                      "--encoding=UTF8", "--locale=C.UTF-8"],
                       check=True, stdout=subprocess.DEVNULL)
        self.log = open(os.path.join(self.root, "server.log"), "w")
        self.server = subprocess.Popen(
            self.prefix + [pg_bin("postgres"), "-D", self.data, "-p", str(self.port), "-k", self.root,
                           "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(300):
            try:
                self.con = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
                break
            except psycopg2.OperationalError:
                if self.server.poll() is not None:
                    sys.exit(f"postgres exited early:\n{open(self.log.name).read()}")
                time.sleep(0.1)
        else:
            sys.exit("postgres did not accept connections within 30 s")
        self.con.autocommit = True
        self.cur = self.con.cursor()
        self.cur.execute("""CREATE TABLE findings (
            id text PRIMARY KEY, ord int, text text, source text, areas text[],
            tsv tsvector GENERATED ALWAYS AS (to_tsvector('swedish', text)) STORED)""")
        self.cur.executemany("INSERT INTO findings (id, ord, text, source, areas) VALUES (%s, %s, %s, %s, %s)",
                             [(f["id"], f["ord"], f["text"], f["source"], f["areas"]) for f in findings])
        self.cur.execute("CREATE INDEX findings_tsv ON findings USING gin (tsv)")
        self.cur.execute("ANALYZE findings")
        self.cur.execute("SHOW server_version")
        self.version = self.cur.fetchone()[0]

    def search(self, q: dict) -> list[str]:
        sql = "SELECT id FROM findings, websearch_to_tsquery('swedish', %s) q WHERE tsv @@ q"
        args: list = [q["q"]]
        if q["area"]:
            sql += " AND areas && %s::text[]"
            args.append(q["area"])
        if q["source"]:
            sql += " AND source = ANY(%s)"
            args.append(q["source"])
        sql += " ORDER BY ts_rank(tsv, q) DESC, ord LIMIT %s"
        self.cur.execute(sql, args + [K])
        return [r[0] for r in self.cur.fetchall()]

    def close(self):
        if self.server is not None:
            try:
                self.con.close()
            except Exception:
                pass
            subprocess.run(self.prefix + [pg_bin("pg_ctl"), "-D", self.data, "stop", "-m", "fast", "-w"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                self.server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.server.terminate()
            self.server = None
            self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


class Xapian:
    name = "Xapian 1.4 (Stem swedish)"

    def __init__(self, findings: list[dict]):
        self.root = tempfile.mkdtemp(prefix="hinder-relevance-xapian-")
        atexit.register(self.close)
        db = xapian.WritableDatabase(self.root, xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_stemmer(xapian.Stem("swedish"))
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        for f in sorted(findings, key=lambda f: f["ord"]):  # docid order = reading order (ties)
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(f["text"])
            for a in f["areas"]:
                doc.add_boolean_term("XA" + a)
            doc.add_boolean_term("XS" + f["source"])
            doc.set_data(f["id"])
            db.add_document(doc)
        db.commit()
        db.close()
        self.db = xapian.Database(self.root)
        self.qp = xapian.QueryParser()
        self.qp.set_database(self.db)
        self.qp.set_stemmer(xapian.Stem("swedish"))
        self.qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        self.qp.set_default_op(xapian.Query.OP_AND)
        self.enquire = xapian.Enquire(self.db)
        self.version = xapian.version_string()

    def search(self, q: dict) -> list[str]:
        query = self.qp.parse_query(q["q"], xapian.QueryParser.FLAG_DEFAULT)
        filters = []
        for prefix, values in (("XA", q["area"]), ("XS", q["source"])):
            if values:
                filters.append(xapian.Query(xapian.Query.OP_OR, [xapian.Query(prefix + v) for v in values]))
        if filters:
            query = xapian.Query(xapian.Query.OP_FILTER, query, xapian.Query(xapian.Query.OP_AND, filters))
        self.enquire.set_query(query)
        return [m.document.get_data().decode() for m in self.enquire.get_mset(0, K)]

    def close(self):
        if getattr(self, "db", None) is not None:
            self.db.close()
            self.db = None
        shutil.rmtree(self.root, ignore_errors=True)


# --- scoring ------------------------------------------------------------------------------
def score(top: list[str], relevant: list[str]) -> tuple[float, float]:
    rel = set(relevant)
    recall = len(rel & set(top[:K])) / min(len(rel), K)
    rr = next((1 / (i + 1) for i, hit in enumerate(top[:K]) if hit in rel), 0.0)
    return recall, rr


def run(engines, queries):
    results = {}
    for e in engines:
        per = {}
        for q in queries:
            top = e.search(q)
            recall, rr = score(top, q["relevant"])
            per[q["id"]] = {"kind": q["kind"], "q": q["q"], "recall": recall, "rr": rr, "top": top,
                            "found": sum(1 for r in q["relevant"] if r in top), "relevant": len(q["relevant"])}
        results[e.name] = per
    return results


def table(results, queries) -> str:
    names = list(results)
    kinds = list(dict.fromkeys(q["kind"] for q in queries))
    lines = ["| queries | " + " | ".join(f"{n}<br>recall@10 / MRR" for n in names) + " |",
             "|---|" + "---|" * len(names)]

    def row(label, ids):
        cells = []
        for n in names:
            r = statistics.fmean(results[n][i]["recall"] for i in ids)
            m = statistics.fmean(results[n][i]["rr"] for i in ids)
            cells.append(f"{r:.3f} / {m:.3f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row(f"**all ({len(queries)})**", [q["id"] for q in queries])
    for k in kinds:
        ids = [q["id"] for q in queries if q["kind"] == k]
        row(f"{k} ({len(ids)})", ids)
    return "\n".join(lines)


def misses(results, queries) -> str:
    out = []
    for n, per in results.items():
        missed = [q for q in queries if per[q["id"]]["recall"] < 1]
        out.append(f"\n**{n}** misses {len(missed)} of {len(queries)} queries (recall@10 < 1):\n")
        for q in missed:
            p = per[q["id"]]
            flt = "".join(f" area={a}" for a in q["area"]) + "".join(f" source={s}" for s in q["source"])
            out.append(f"- `{q['id']}` `{q['q']}`{flt}: {p['found']}/{p['relevant']} found, "
                       f"recall {p['recall']:.2f}, RR {p['rr']:.2f}")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--queries", default=str(DEFAULT_QUERIES), help="judged queries (TOML)")
    ap.add_argument("--engines", default="hinder,postgres,xapian", help="comma-separated subset")
    ap.add_argument("--json", help="also write per-query results (top 10 ids) here")
    args = ap.parse_args()

    base = os.environ.get("HINDER_URL", "http://127.0.0.1:3000")
    queries = load_queries(Path(args.queries))
    findings = fetch_findings(base)
    known = {f["id"] for f in findings}
    unknown = sorted({r for q in queries for r in q["relevant"]} - known)
    if unknown:
        sys.exit(f"judged ids that the server does not have: {unknown}")

    wanted = args.engines.split(",")
    engines = []
    try:
        for name in wanted:
            if name == "hinder":
                engines.append(Hinder(base))
            elif name == "postgres":
                engines.append(Postgres(findings))
            elif name == "xapian":
                engines.append(Xapian(findings))
            else:
                sys.exit(f"unknown engine {name}")
        results = run(engines, queries)
    finally:
        for e in engines:
            e.close()

    versions = ", ".join(f"{e.name}: {getattr(e, 'version', base)}" for e in engines)
    print(f"{len(findings)} findings from {base}; {len(queries)} judged queries from "
          f"{os.path.relpath(args.queries, REPO)}; {versions}\n")
    print(table(results, queries))
    print(misses(results, queries))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
