//! The editor over real corpus folders: the taxonomies of the frozen fixtures, real Office
//! files, and real git repositories where a test needs one.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::*;
use crate::corpus::{DocumentKind, Status, relative_path};
use crate::ingest::load_corpus;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

/// A corpus folder with the fixtures' taxonomies and no documents.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for file in ["areas.toml", "sources.toml", "thesaurus.toml"] {
        fs::copy(
            Path::new(FIXTURES).join("corpus").join(file),
            dir.path().join(file),
        )
        .expect("copying a taxonomy");
    }
    fs::create_dir(dir.path().join("documents")).expect("documents/");
    dir
}

fn office(name: &str) -> Vec<u8> {
    fs::read(Path::new(FIXTURES).join("office").join(name)).expect("an office fixture")
}

fn anna() -> Author {
    Author::new("Anna Ek").expect("a name")
}

fn upload(name: &str, bytes: &[u8]) -> Upload {
    Upload {
        file_name: name.to_owned(),
        bytes: bytes.to_vec(),
        metadata: Metadata::default(),
    }
}

/// Every file below `dir`, relative, sorted: what a change left on disk.
fn files(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| relative_path(dir, entry.path()))
        .filter(|path| !path.starts_with(".git/"))
        .collect();
    found.sort();
    found
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.se")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.se")
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn a_presentation_is_added_under_its_date_and_title_with_a_sidecar() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let mut upload = upload("Möte 3 (slutlig).pptx", &office("seed.pptx"));
    upload.metadata.source = Some("sormland".to_owned());
    upload.metadata.areas = Some(vec!["samverkan".to_owned()]);
    let added = editor.add(upload, &anna()).unwrap();

    let document = &added.preview.document;
    assert!(
        document.finding_count() > 10,
        "{}",
        document.finding_count()
    );
    let path = added.preview.path.clone();
    assert!(
        path.starts_with("documents/") && path.ends_with(".pptx"),
        "{path}"
    );
    assert_eq!(added.commit, Commit::NoRepository);
    // The file is stored byte for byte; the metadata sits beside it.
    let stored = corpus.path().join(&path);
    assert_eq!(fs::read(&stored).unwrap(), office("seed.pptx"));
    let sidecar = fs::read_to_string(stored.with_extension("toml")).unwrap();
    assert!(sidecar.contains("source = \"sormland\""), "{sidecar}");
    assert!(sidecar.contains("action = \"added\""), "{sidecar}");
    assert!(sidecar.contains("by = \"Anna Ek\""), "{sidecar}");
    assert!(
        sidecar.contains("file = \"Möte 3 (slutlig).pptx\""),
        "{sidecar}"
    );

    // The corpus reader reads it as the preview showed it.
    let loaded = load_corpus(corpus.path()).unwrap();
    assert!(loaded.failures.is_empty(), "{:?}", loaded.failures);
    assert_eq!(
        loaded.corpus.documents,
        std::slice::from_ref(&added.preview.document)
    );
    assert!(
        loaded.corpus.documents[0]
            .findings()
            .all(|(_, finding)| finding.source == "sormland" && finding.areas == ["samverkan"])
    );
}

#[test]
fn a_preview_writes_nothing_and_shows_what_adding_makes() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let preview = editor
        .preview(upload("rapport.docx", &office("seed.docx")))
        .unwrap();
    assert!(preview.document.finding_count() > 0);
    assert_eq!(files(corpus.path()).len(), 3, "{:?}", files(corpus.path()));
    let added = editor
        .add(upload("rapport.docx", &office("seed.docx")), &anna())
        .unwrap();
    assert_eq!(added.preview.path, preview.path);
    // The same document, now with who added it.
    let addition = added.preview.document.added.clone().expect("who added it");
    assert_eq!(addition.by, "Anna Ek");
    assert_eq!(
        crate::corpus::Document {
            added: None,
            ..added.preview.document
        },
        preview.document
    );
}

#[test]
fn markdown_keeps_its_body_and_gets_its_metadata_in_front_matter() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let text = "+++\n# Skrivet för hand\nkind = \"anteckningar\"\n+++\n\n## Från mötet\n\n\
                - Utbyggnadslagen behöver förklaras för kommunerna.\n- Fler frågor kom upp.\n";
    let mut upload = upload("anteckningar.md", text.as_bytes());
    upload.metadata.date = "2017-01-18".parse().ok();
    upload.metadata.status = Some(Status::Publicerad);
    let added = editor.add(upload, &anna()).unwrap();
    assert_eq!(
        added.preview.path,
        "documents/inkommet/2017-01-18-fran-motet.md"
    );
    let written = fs::read_to_string(corpus.path().join(&added.preview.path)).unwrap();
    assert!(
        written.starts_with("+++\n# Skrivet för hand\nkind = \"anteckningar\"\n"),
        "{written}"
    );
    assert!(
        written.ends_with("+++\n\n## Från mötet\n\n- Utbyggnadslagen behöver förklaras för kommunerna.\n- Fler frågor kom upp.\n"),
        "{written}"
    );
    let document = &added.preview.document;
    assert_eq!(document.kind, DocumentKind::Anteckningar);
    assert_eq!(document.status, Status::Publicerad);
    assert_eq!(document.finding_count(), 2);
    assert_eq!(files(corpus.path()).len(), 4);
}

#[test]
fn nothing_is_ever_written_over() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let hand_made = corpus.path().join("documents/2016-12-02-mote-3.md");
    fs::write(&hand_made, "## Egen\n\n- Skriven för hand.\n").unwrap();
    let mut paths = Vec::new();
    for n in 0..3 {
        let text = format!("## Egen\n\n- Skriven igen, gång {n}.\n");
        let mut upload = upload("x.md", text.as_bytes());
        upload.metadata.title = Some("Möte 3".to_owned());
        upload.metadata.date = "2016-12-02".parse().ok();
        paths.push(editor.add(upload, &anna()).unwrap().preview.path);
    }
    assert_eq!(
        paths,
        [
            "documents/inkommet/2016-12-02-mote-3-2.md",
            "documents/inkommet/2016-12-02-mote-3-3.md",
            "documents/inkommet/2016-12-02-mote-3-4.md"
        ]
    );
    assert_eq!(
        fs::read_to_string(&hand_made).unwrap(),
        "## Egen\n\n- Skriven för hand.\n"
    );
}

#[test]
fn the_same_file_is_not_added_twice() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let first = editor
        .add(upload("möte.pptx", &office("seed.pptx")), &anna())
        .unwrap();
    let again = editor.preview(upload("kopia.pptx", &office("seed.pptx")));
    assert!(
        matches!(&again, Err(Error::Duplicate { existing, .. }) if *existing == first.preview.path),
        "{again:?}"
    );
    let error = editor
        .add(upload("kopia.pptx", &office("seed.pptx")), &anna())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "kopia.pptx: this file was added before, as {}",
            first.preview.path
        )
    );
    // The same text again is the same content, whatever the file is called.
    editor
        .add(upload("a.md", b"## A\n\n- Text.\n"), &anna())
        .unwrap();
    assert!(matches!(
        editor.add(upload("b.md", b"## A\n\n- Text.\n"), &anna()),
        Err(Error::Duplicate { .. })
    ));
    editor
        .add(upload("c.md", b"## A\n\n- Annan text.\n"), &anna())
        .unwrap();
}

#[test]
fn an_added_file_cannot_claim_an_id_or_a_history() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let text = "+++\nid = \"2016-12-02-nystartsgruppen-mote-3\"\n\n[[history]]\naction = \"added\"\n\
                by = \"kansliet\"\nat = 2016-12-02T10:00:00Z\n+++\n## Rubrik\n\n- Text.\n";
    let added = editor
        .add(upload("falsk.md", text.as_bytes()), &anna())
        .unwrap();
    assert_eq!(added.preview.document.id, "rubrik");
    let written = fs::read_to_string(corpus.path().join(&added.preview.path)).unwrap();
    assert!(
        !written.contains("nystartsgruppen") && !written.contains("kansliet"),
        "{written}"
    );
    let path = DocumentPath::new(&added.preview.path).unwrap();
    let history = editor.history(&path).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].action, history[0].by.as_str()),
        (Action::Added, "Anna Ek")
    );
}

#[test]
fn files_the_index_would_leave_out_are_refused_and_nothing_is_written() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let refusals = [
        (
            upload("gammal.doc", b"\xd0\xcf\x11\xe0"),
            "save it as .docx",
        ),
        (
            upload("trasig.pptx", &office("corrupt.pptx")),
            "trasig.pptx:",
        ),
        (upload("skyddad.pdf", &office("encrypted.pdf")), "password"),
        (upload("fel.docx", &office("misnamed.docx")), "fel.docx:"),
        (upload("tom.md", b"+++\ntitle = \"Tom\"\n+++\n"), "no text"),
        (upload("bild.png", b"\x89PNG"), "unsupported format"),
        (upload("", b"x"), "invalid file name"),
    ];
    for (upload, expected) in refusals {
        let name = upload.file_name.clone();
        let error = editor.add(upload, &anna()).unwrap_err();
        assert!(error.is_refusal(), "{name}: {error:?}");
        assert!(error.to_string().contains(expected), "{name}: {error}");
    }
    let mut unknown = upload("a.md", b"## A\n\n- Text.\n");
    unknown.metadata.areas = Some(vec!["rymden".to_owned()]);
    assert!(
        matches!(editor.add(unknown, &anna()), Err(Error::UnknownArea { slug, known }) if slug == "rymden" && known.contains(&"landsbygd".to_owned()))
    );
    let mut untitled = upload("a.md", b"## A\n\n- Text.\n");
    untitled.metadata.title = Some("  ".to_owned());
    assert!(matches!(
        editor.add(untitled, &anna()),
        Err(Error::InvalidTitle { .. })
    ));
    assert_eq!(files(corpus.path()).len(), 3, "{:?}", files(corpus.path()));
}

#[test]
fn metadata_changes_keep_the_file_and_record_who_changed_what() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let added = editor
        .add(upload("underlag.pdf", &office("seed.pdf")), &anna())
        .unwrap();
    let path = DocumentPath::new(&added.preview.path).unwrap();
    let bo = Author::new("Bo").unwrap();
    let change = Metadata {
        title: Some("Underlag inför mötet 18/1".to_owned()),
        areas: Some(vec!["landsbygd".to_owned()]),
        ..Metadata::default()
    };
    let receipt = editor.change(&path, &change, &bo).unwrap();
    assert_eq!(receipt.changed, ["title", "areas"]);
    // The same change again changes nothing and writes nothing.
    let sidecar = corpus
        .path()
        .join(&added.preview.path)
        .with_extension("toml");
    let before = fs::read_to_string(&sidecar).unwrap();
    assert!(
        editor
            .change(&path, &change, &bo)
            .unwrap()
            .changed
            .is_empty()
    );
    assert_eq!(fs::read_to_string(&sidecar).unwrap(), before);

    let document = load_corpus(corpus.path())
        .unwrap()
        .corpus
        .documents
        .remove(0);
    assert_eq!(document.title, "Underlag inför mötet 18/1");
    assert!(
        document
            .findings()
            .all(|(_, finding)| finding.areas == ["landsbygd"])
    );
    let history = crate::ingest::metadata::parse_meta(&before, 1)
        .unwrap()
        .history
        .unwrap();
    assert_eq!(
        history
            .iter()
            .map(|change| (change.action, change.by.as_str()))
            .collect::<Vec<_>>(),
        [(Action::Added, "Anna Ek"), (Action::Changed, "Bo")]
    );
    let title = &history[1].fields["title"];
    assert_eq!(title.to.as_deref(), Some("Underlag inför mötet 18/1"));
    assert_eq!(history[1].fields["areas"].to.as_deref(), Some("landsbygd"));
    assert_eq!(history[0].sha256.as_deref().map(str::len), Some(64));
    assert_eq!(
        fs::read(corpus.path().join(&added.preview.path)).unwrap(),
        office("seed.pdf")
    );
    assert!(matches!(
        editor.change(
            &path,
            &Metadata {
                source: Some("mars".to_owned()),
                ..Metadata::default()
            },
            &bo
        ),
        Err(Error::UnknownSource { .. })
    ));
}

#[test]
fn a_withdrawn_document_leaves_the_corpus_and_comes_back_whole() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let folder = corpus.path().join("documents/sormland");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("seminarium.pptx"), office("seed.pptx")).unwrap();
    fs::write(
        folder.join("seminarium.toml"),
        "source = \"sormland\" # satt för hand\n",
    )
    .unwrap();
    let before = load_corpus(corpus.path()).unwrap().corpus.documents;
    assert_eq!(before.len(), 1);

    let path = DocumentPath::new("sormland/seminarium.pptx").unwrap();
    let receipt = editor
        .withdraw(&path, &anna(), Some("Fel version"))
        .unwrap();
    assert_eq!(receipt.path, "withdrawn/sormland/seminarium.pptx");
    assert!(
        load_corpus(corpus.path())
            .unwrap()
            .corpus
            .documents
            .is_empty()
    );
    assert_eq!(
        files(corpus.path()),
        [
            "areas.toml",
            "sources.toml",
            "thesaurus.toml",
            "withdrawn/sormland/seminarium.pptx",
            "withdrawn/sormland/seminarium.toml"
        ]
    );
    let withdrawn = editor.withdrawn().unwrap();
    assert_eq!(withdrawn.len(), 1);
    assert_eq!(withdrawn[0].path, path);
    assert_eq!(withdrawn[0].id, before[0].id);
    let withdrawal = withdrawn[0].withdrawal.clone().unwrap();
    assert_eq!(
        (withdrawal.by.as_str(), withdrawal.reason.as_deref()),
        ("Anna Ek", Some("Fel version"))
    );
    assert!(matches!(
        editor.withdraw(&path, &anna(), None),
        Err(Error::NotFound(_))
    ));

    editor.restore(&path, &Author::new("Bo").unwrap()).unwrap();
    let after = load_corpus(corpus.path()).unwrap().corpus.documents;
    assert_eq!(after, before, "the same document, the same ids");
    let sidecar = fs::read_to_string(folder.join("seminarium.toml")).unwrap();
    assert!(
        sidecar.starts_with("source = \"sormland\" # satt för hand\n"),
        "{sidecar}"
    );
    assert!(
        sidecar.contains("action = \"withdrawn\"") && sidecar.contains("action = \"restored\"")
    );
    assert!(editor.withdrawn().unwrap().is_empty());
}

#[test]
fn restoring_never_takes_a_place_that_was_taken_since() {
    let corpus = corpus();
    let editor = Editor::open(corpus.path()).unwrap();
    let added = editor
        .add(upload("a.md", b"## A\n\n- Text.\n"), &anna())
        .unwrap();
    let path = DocumentPath::new(&added.preview.path).unwrap();
    editor.withdraw(&path, &anna(), None).unwrap();
    let place = corpus.path().join(&added.preview.path);
    fs::write(&place, "## Ny\n\n- Annan text.\n").unwrap();
    assert!(matches!(editor.restore(&path, &anna()), Err(Error::Taken(taken)) if taken == place));
    assert_eq!(
        fs::read_to_string(&place).unwrap(),
        "## Ny\n\n- Annan text.\n"
    );
    assert_eq!(editor.withdrawn().unwrap().len(), 1);
}

#[test]
fn paths_stay_inside_the_corpus() {
    for bad in [
        "",
        "../areas.toml",
        "a/../../b.md",
        "/etc/passwd.md",
        ".git/x.md",
        "a\\b.md",
        "x.toml",
        "a//b.md",
    ] {
        assert!(DocumentPath::new(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        DocumentPath::new("documents/sormland/a.pdf")
            .unwrap()
            .as_str(),
        "sormland/a.pdf"
    );
}

#[test]
fn in_a_git_work_tree_every_change_is_a_commit_of_its_author() {
    let corpus = corpus();
    let dir = corpus.path();
    git(dir, &["init", "--quiet"]);
    // Something staged that is not ours must stay out of our commits.
    fs::write(dir.join("notes.txt"), "staged by someone else\n").unwrap();
    git(dir, &["add", "notes.txt"]);
    let editor = Editor::open(dir).unwrap();
    assert!(editor.commits());

    let added = editor
        .add(upload("rapport.docx", &office("seed.docx")), &anna())
        .unwrap();
    let Commit::Recorded(id) = &added.commit else {
        panic!("not committed: {:?}", added.commit);
    };
    let shown = git(dir, &["show", "--name-status", "--format=%an|%cn|%s", id]);
    let mut lines = shown.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("Anna Ek|Hinder|Add documents/"),
        "{header}"
    );
    let mut changed: Vec<&str> = lines.filter(|line| !line.is_empty()).collect();
    changed.sort_unstable();
    let stored: &Path = added.preview.path.as_ref();
    assert_eq!(
        changed,
        [
            format!("A\t{}", stored.display()),
            format!("A\t{}", stored.with_extension("toml").display()),
        ]
    );
    assert_eq!(
        git(dir, &["diff", "--cached", "--name-only"]),
        "notes.txt\n"
    );

    let path = DocumentPath::new(&added.preview.path).unwrap();
    let withdrawn = editor
        .withdraw(&path, &Author::new("Bo").unwrap(), None)
        .unwrap();
    let Commit::Recorded(id) = &withdrawn.commit else {
        panic!("not committed: {:?}", withdrawn.commit);
    };
    let shown = git(dir, &["show", "--name-status", "--format=%an|%s", id]);
    assert!(shown.starts_with("Bo|Withdraw documents/"), "{shown}");
    assert!(shown.contains(&format!("withdrawn/{path}")), "{shown}");
    assert_eq!(
        git(
            dir,
            &["status", "--porcelain", "--", "documents", "withdrawn"]
        ),
        ""
    );
}

mod descriptions {
    use std::collections::BTreeMap;

    use super::*;
    use crate::corpus::Date;
    use crate::corpus::description::{OutcomeKind, Part, Stage};

    const AREA: &str = "landsbygd";

    fn parts(entries: &[(Part, &str)]) -> BTreeMap<Part, String> {
        entries
            .iter()
            .map(|(part, text)| (*part, (*text).to_owned()))
            .collect()
    }

    #[test]
    fn versions_are_saved_from_the_current_one_and_every_earlier_text_is_kept() {
        let dir = corpus();
        let editor = Editor::open(dir.path()).unwrap();
        let first = editor
            .save_description(
                AREA,
                0,
                parts(&[(
                    Part::Utmaningar,
                    "Resurser saknas[^1].\n\n[^1]: /findings/mote-3-ab12",
                )]),
                &anna(),
            )
            .unwrap();
        assert_eq!(first.description.current_number(), 1);
        // Another editor who started from nothing is refused, not written over.
        let stale = editor.save_description(AREA, 0, parts(&[(Part::Fakta, "X")]), &anna());
        assert!(matches!(
            stale,
            Err(Error::StaleVersion {
                current: 1,
                given: 0
            })
        ));
        let second = editor
            .save_description(
                AREA,
                1,
                parts(&[(Part::Forslag, "- Ta fram en strategi")]),
                &anna(),
            )
            .unwrap();
        let current = second.description.current().unwrap();
        assert_eq!(current.number, 2);
        assert_eq!(current.based_on, 1);
        assert!(
            current
                .text(Part::Utmaningar)
                .starts_with("Resurser saknas[^1]")
        );
        assert_eq!(current.text(Part::Forslag), "- Ta fram en strategi");
        // Read back from the files: version 1 from the history, 2 from the document.
        let read = editor.description(AREA).unwrap().unwrap();
        assert_eq!(read, second.description);
        assert_eq!(read.version(1).unwrap().text(Part::Forslag), "");
        // The document is an ordinary document of the corpus, footnotes out of its text.
        let corpus = load_corpus(dir.path()).unwrap();
        let document = corpus
            .corpus
            .documents
            .iter()
            .find(|d| d.id == "omradesbeskrivning-landsbygd")
            .expect("the description is a document");
        assert_eq!(document.kind, DocumentKind::Omradesbeskrivning);
        assert_eq!(document.status, Status::Arbetsmaterial);
        let texts: Vec<&str> = document.findings().map(|(_, f)| f.text.as_str()).collect();
        assert_eq!(texts, vec!["Resurser saknas.", "Ta fram en strategi"]);
        // Saving the same text again writes nothing.
        let same = editor
            .save_description(
                AREA,
                2,
                parts(&[(Part::Forslag, "- Ta fram en strategi")]),
                &anna(),
            )
            .unwrap();
        assert!(!same.changed);
    }

    #[test]
    fn bad_footnotes_and_unknown_areas_are_refused_before_anything_is_written() {
        let dir = corpus();
        let editor = Editor::open(dir.path()).unwrap();
        let undefined = editor.save_description(AREA, 0, parts(&[(Part::Fakta, "A[^1]")]), &anna());
        assert!(matches!(
            undefined,
            Err(Error::Footnote {
                part: Part::Fakta,
                ..
            })
        ));
        assert!(matches!(
            editor.save_description("okänt", 0, BTreeMap::new(), &anna()),
            Err(Error::UnknownArea { .. })
        ));
        assert!(matches!(
            editor.send_out(AREA, Date::today(), "", &anna()),
            Err(Error::NoDescription(_))
        ));
        assert_eq!(
            files(dir.path()),
            vec!["areas.toml", "sources.toml", "thesaurus.toml"]
        );
    }

    #[test]
    fn rounds_outcomes_and_approval_are_recorded_and_committed() {
        let dir = corpus();
        git(dir.path(), &["init", "-q"]);
        let editor = Editor::open(dir.path()).unwrap();
        editor
            .save_description(AREA, 0, parts(&[(Part::Beskrivning, "Text")]), &anna())
            .unwrap();
        let deadline: Date = "2016-12-16".parse().unwrap();
        let round = editor
            .send_out(AREA, deadline, "Första utskicket", &anna())
            .unwrap();
        assert_eq!(round.description.rounds[0].version, 1);
        assert_eq!(
            round.description.stage("2016-12-10".parse().unwrap()),
            Stage::UteForAterkoppling(deadline)
        );
        assert!(matches!(
            editor.decide_feedback(AREA, "svar-1", OutcomeKind::EjInarbetad, None, &anna()),
            Err(Error::InvalidNote(_))
        ));
        editor
            .decide_feedback(
                AREA,
                "svar-1",
                OutcomeKind::EjInarbetad,
                Some("Utanför området"),
                &anna(),
            )
            .unwrap();
        assert!(matches!(
            editor.approve(AREA, 7, &anna()),
            Err(Error::UnknownVersion(7))
        ));
        let approved = editor.approve(AREA, 1, &anna()).unwrap();
        assert_eq!(approved.description.stage(Date::today()), Stage::Godkand);
        let read = editor.description(AREA).unwrap().unwrap();
        assert_eq!(
            read.outcome_of("svar-1").unwrap().reason.as_deref(),
            Some("Utanför området")
        );
        let log = git(dir.path(), &["log", "--format=%an|%s"]);
        assert!(
            log.contains("Anna Ek|Approve version 1 of the description of landsbygd"),
            "{log}"
        );
        assert!(log.contains("Anna Ek|Send version 1"), "{log}");
    }
}
