//! Compacting a bulk load: each index merged into one segment per core, the merges running
//! side by side.
//!
//! A fresh library is read far more often than it is written, and every search pays per
//! segment: a term dictionary to look each term up in, a typo automaton to run, fast-field
//! readers to open. At a million findings a bulk load leaves some twenty segments, and a
//! search for a misspelt word spent most of its time walking their twenty term
//! dictionaries. A single merge, though, runs on one core: it was a fifth of the import's
//! wall time at a million findings. So an import merges nothing as it goes (a bulk load
//! merged as it goes writes the same findings several times over) and compacts once, at
//! the end, into groups of about equal size.

use tantivy::IndexWriter;

/// Leaves merging to [`compact`].
pub(super) fn merge_at_the_end(writer: &IndexWriter) {
    writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
}

/// Merges the writer's index into at most `cores` segments of about equal numbers of
/// documents, waiting for the merges.
pub(super) fn compact(writer: &mut IndexWriter, cores: usize) -> tantivy::Result<()> {
    // Ids and sizes only: a segment's files stay on disk while anything holds its
    // `SegmentMeta` (holding them through the merges left the merged-away segments on
    // disk, doubling the index).
    let sizes = writer
        .index()
        .searchable_segment_metas()?
        .iter()
        .map(|segment| (segment.id(), segment.num_docs()))
        .collect();
    let merges: Vec<_> = balanced_groups(sizes, cores)
        .into_iter()
        .filter(|group| group.len() > 1)
        .map(|group| writer.merge(&group))
        .collect();
    for merge in merges {
        merge.wait()?;
    }
    Ok(())
}

/// Segments (with their numbers of documents) in at most `groups` groups of about equal
/// numbers of documents: largest first, each to the group with the fewest so far.
fn balanced_groups<T: Clone>(mut segments: Vec<(T, u32)>, groups: usize) -> Vec<Vec<T>> {
    segments.sort_by_key(|&(_, docs)| std::cmp::Reverse(docs));
    let mut out: Vec<(u64, Vec<T>)> = vec![(0, Vec::new()); groups.clamp(1, segments.len().max(1))];
    for (segment, docs) in segments {
        let lightest = out
            .iter_mut()
            .min_by_key(|(total, _)| *total)
            .expect("at least one group");
        lightest.0 += u64::from(docs);
        lightest.1.push(segment);
    }
    out.into_iter().map(|(_, segments)| segments).collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use tantivy::Index;

    use super::*;
    use crate::corpus::{Status, Taxonomy, Thesaurus};
    use crate::library::Audience;
    use crate::manifest::Manifest;
    use crate::write::import::{self, ImportOptions};
    use crate::write::updater::IndexUpdater;

    /// An import committed in several rounds (a segment or more each), compacted.
    fn compacted_import(dir: &Path, rounds: usize) {
        let mut taxonomy = Taxonomy::empty("import");
        let mut updater =
            IndexUpdater::create(dir, taxonomy.clone(), Thesaurus::default()).expect("creating");
        updater.merge_at_the_end();
        let mut documents = Vec::new();
        for round in 0..rounds {
            let lines: String = (0..40)
                .map(|n| {
                    format!(
                        r#"{{"id": "f{round}-{n}", "text": "Fiber och kanalisation {n} i kommun {round}.", "doc": "d{round}"}}"#
                    ) + "\n"
                })
                .collect();
            let options = ImportOptions {
                default_status: Status::Publicerad,
            };
            let imported = import::import(
                lines.as_bytes(),
                "test",
                &mut taxonomy,
                options,
                &mut updater,
                Audience::Members,
                &mut |_, _| {},
            )
            .expect("importing");
            documents.extend(imported.documents);
            let manifest = Manifest {
                taxonomy: taxonomy.clone(),
                documents: documents.clone(),
                ..Manifest::empty(Taxonomy::empty("import"), Thesaurus::default())
            };
            updater.commit_import(manifest).expect("committing");
        }
        updater.compact().expect("compacting");
        updater.finish().expect("finishing");
    }

    #[test]
    fn compacting_leaves_one_segment_per_core_and_no_other_files() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        compacted_import(dir.path(), 6);
        let index = Index::open_in_dir(Audience::Members.index_dir(dir.path())).expect("opening");
        let segments = index.searchable_segment_metas().expect("segments");
        let cores = crate::cores();
        assert!(segments.len() <= cores, "{} segments", segments.len());
        let living: std::collections::HashSet<String> = segments
            .iter()
            .map(|segment| segment.id().uuid_string())
            .collect();
        let searcher = index.reader().expect("a reader").searcher();
        assert_eq!(searcher.num_docs(), 6 * 40);
        for entry in std::fs::read_dir(Audience::Members.index_dir(dir.path())).expect("listing") {
            let name = entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            // Segment files are named by the segment's id: 32 hex digits.
            let Some((stem, _)) = name.split_once('.').filter(|(stem, _)| {
                stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit())
            }) else {
                continue;
            };
            assert!(living.contains(stem), "{name} belongs to no segment");
        }
    }

    #[test]
    fn segments_are_grouped_by_documents() {
        let segments = vec![
            ("a", 50),
            ("b", 40),
            ("c", 30),
            ("d", 20),
            ("e", 10),
            ("f", 10),
        ];
        let groups = balanced_groups(segments, 2);
        assert_eq!(groups, [vec!["a", "d", "e"], vec!["b", "c", "f"]]);
        // Never more groups than segments, and never none.
        assert_eq!(balanced_groups(vec![("a", 5)], 4), [vec!["a"]]);
        assert_eq!(
            balanced_groups(Vec::<(&str, u32)>::new(), 2),
            [Vec::<&str>::new()]
        );
        assert_eq!(
            balanced_groups(vec![("a", 5), ("b", 6)], 0),
            [vec!["b", "a"]]
        );
    }
}
