"""Calls a live Hinder server through a client generated from its OpenAPI document.

Usage: api_client_check.py BASE_URL CLIENT_PACKAGE_DIR (run by scripts/api-client). The
client's functions are found by operationId, so the check reads as the API's contract.
"""

import importlib
import json
import pkgutil
import sys
from pathlib import Path


def operations(package_dir: Path) -> dict:
    """Every generated operation module, by operationId (its module name)."""
    package = package_dir.name
    api = importlib.import_module(f"{package}.api")
    found = {}
    for tag in pkgutil.iter_modules(api.__path__):
        tag_module = importlib.import_module(f"{package}.api.{tag.name}")
        for op in pkgutil.iter_modules(tag_module.__path__):
            found[op.name] = importlib.import_module(f"{package}.api.{tag.name}.{op.name}")
    return found


def main() -> None:
    base, package_dir = sys.argv[1], Path(sys.argv[2])
    package = importlib.import_module(package_dir.name)
    client = package.Client(base_url=base)
    ops = operations(package_dir)
    expected = {"search_findings", "get_finding", "get_related_findings", "suggest",
                "export_findings", "list_documents", "get_document", "list_facets",
                "get_health", "find_related_to_text", "get_openapi"}
    missing = expected - set(ops)
    assert not missing, f"operations missing from the client: {missing}"

    found = ops["search_findings"].sync(client=client, q="fiber")
    assert found.total > 0 and found.hits, found
    first = found.hits[0]
    print(f"search_findings: {found.total} findings, first {first.id}")

    finding = ops["get_finding"].sync(client=client, id=first.id)
    assert finding.finding.id == first.id, finding
    assert finding.citation.markdown, finding
    print(f"get_finding: {finding.finding.id} in {finding.document.title!r}")

    related = ops["get_related_findings"].sync(client=client, id=first.id)
    assert related.hits is not None, related
    print(f"get_related_findings: {len(related.hits)} related")

    suggested = ops["suggest"].sync(client=client, q="utbyg")
    assert suggested.completions, suggested
    print(f"suggest: {[c.word for c in suggested.completions][:3]}")

    export = ops["export_findings"].sync_detailed(client=client)
    assert export.status_code == 200, export.status_code
    lines = [json.loads(line) for line in export.content.decode().splitlines() if line]
    assert len(lines) >= found.total and all("id" in line for line in lines), len(lines)
    print(f"export_findings: {len(lines)} findings")

    documents = ops["list_documents"].sync(client=client)
    document = ops["get_document"].sync(client=client, id=documents.documents[0].id)
    assert document.document.id == documents.documents[0].id, document
    print(f"list_documents, get_document: {document.document.title!r}")


if __name__ == "__main__":
    main()
