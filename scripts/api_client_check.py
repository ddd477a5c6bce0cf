"""Calls a live Hinder server through a client generated from its OpenAPI document.

Usage: api_client_check.py BASE_URL CLIENT_PACKAGE_DIR WRITE_TOKEN DECK (run by
scripts/api-client). The client's functions are found by operationId, so the check reads as
the API's contract. With an editor's write token it also adds DECK (a .pptx), previews it
first, publishes it, finds it as the public, reads its history and withdraws it.
"""

import importlib
import json
import pkgutil
import sys
from pathlib import Path
from xml.etree import ElementTree


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
    base, package_dir, token, deck = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    package = importlib.import_module(package_dir.name)
    client = package.Client(base_url=base)
    ops = operations(package_dir)
    expected = {"search_findings", "get_finding", "get_related_findings", "suggest",
                "export_findings", "list_documents", "get_document", "list_facets",
                "get_health", "find_related_to_text", "get_openapi", "add_document",
                "change_document", "withdraw_document", "restore_document",
                "document_history", "search_feed"}
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

    feed = ops["search_feed"].sync_detailed(client=client, q="fiber")
    assert feed.status_code == 200, feed.status_code
    atom = ElementTree.fromstring(feed.content)
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    ids = [entry.findtext("{http://www.w3.org/2005/Atom}id") for entry in entries]
    assert ids and all("/findings/" in id_ for id_ in ids), feed.content[:300]
    print(f"search_feed: {len(entries)} entries")

    documents = ops["list_documents"].sync(client=client)
    document = ops["get_document"].sync(client=client, id=documents.documents[0].id)
    assert document.document.id == documents.documents[0].id, document
    print(f"list_documents, get_document: {document.document.title!r}")

    write(package, ops, base, token, deck)


def write(package, ops, base: str, token: str, deck: Path) -> None:
    """Adds a deck as an editor, publishes it, finds it as the public, withdraws it."""
    editor = package.AuthenticatedClient(base_url=base, token=token)
    models = importlib.import_module(f"{package.__name__}.models")
    types = importlib.import_module(f"{package.__name__}.types")

    def form():
        return models.UploadForm(
            file=types.File(payload=deck.open("rb"), file_name="Möte 4 i Flen.pptx"),
            title="Möte 4 i Flen", date="2017-01-18", areas=["samverkan"])

    preview = ops["add_document"].sync_detailed(client=editor, body=form(), dry_run=True)
    assert preview.status_code == 200, (preview.status_code, preview.content)
    assert preview.parsed.sections and preview.parsed.sections[0].findings, preview.parsed
    print(f"add_document (dry run): {preview.parsed.document.findings} findings "
          f"in {len(preview.parsed.sections)} slides")

    added = ops["add_document"].sync_detailed(client=editor, body=form())
    assert added.status_code == 201, (added.status_code, added.content)
    document_id = added.parsed.document.id
    assert added.headers["location"] == f"/api/v1/documents/{document_id}", added.headers
    assert added.parsed.document.status == "arbetsmaterial", added.parsed.document
    print(f"add_document: {document_id} by {added.parsed.document.added_by}")

    public = package.Client(base_url=base)
    hidden = ops["get_document"].sync_detailed(client=public, id=document_id)
    assert hidden.status_code == 404, hidden.status_code
    patch = models.MetadataPatch(status="publicerad")
    changed = ops["change_document"].sync_detailed(client=editor, id=document_id, body=patch)
    assert changed.status_code == 200, (changed.status_code, changed.content)
    shown = ops["get_document"].sync(client=public, id=document_id)
    assert shown.document.status == "publicerad", shown.document
    print(f"change_document: published, the public reads {shown.document.title!r}")

    history = ops["document_history"].sync(client=editor, id=document_id)
    actions = [change.action for change in history.changes]
    assert actions == ["added", "changed"], actions
    print(f"document_history: {actions}")

    withdrawn = ops["withdraw_document"].sync_detailed(client=editor, id=document_id)
    assert withdrawn.status_code == 204, withdrawn.status_code
    gone = ops["get_document"].sync_detailed(client=editor, id=document_id)
    assert gone.status_code == 404, gone.status_code
    restored = ops["restore_document"].sync_detailed(client=editor, id=document_id)
    assert restored.status_code == 200, (restored.status_code, restored.content)
    print("withdraw_document, restore_document: gone, and back")


if __name__ == "__main__":
    main()
