//! Plain text: one finding per paragraph, or per line when the file has no blank lines (a
//! raw export with one slide per line). Metadata comes from a `NAME.toml` sidecar.

use super::assemble::{Draft, DraftFinding, DraftSection};
use super::error::{ParseError, ParseErrorKind};

/// Reads a text document into one untitled section; metadata is left to the caller.
pub(crate) fn parse(source: &str) -> Result<Draft, ParseError> {
    let lines: Vec<(usize, &str)> = source
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .collect();
    let first = lines.iter().position(|(_, text)| !text.is_empty());
    let last = lines.iter().rposition(|(_, text)| !text.is_empty());
    let has_paragraphs = match (first, last) {
        (Some(first), Some(last)) => lines[first..last].iter().any(|(_, text)| text.is_empty()),
        _ => false,
    };
    let findings = if has_paragraphs {
        paragraphs(&lines)
    } else {
        lines
            .iter()
            .filter(|(_, text)| !text.is_empty())
            .map(|&(line, text)| {
                finding(line, text.split_whitespace().collect::<Vec<_>>().join(" "))
            })
            .collect()
    };
    if findings.is_empty() {
        return Err(ParseError::new(1, ParseErrorKind::Empty));
    }
    Ok(Draft {
        meta_line: 1,
        sections: vec![DraftSection {
            line: findings[0].line,
            findings,
            ..DraftSection::default()
        }],
        ..Draft::default()
    })
}

fn paragraphs(lines: &[(usize, &str)]) -> Vec<DraftFinding> {
    let mut findings = Vec::new();
    let mut current: Option<DraftFinding> = None;
    for &(line, text) in lines {
        if text.is_empty() {
            findings.extend(current.take());
            continue;
        }
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match current.as_mut() {
            Some(paragraph) => {
                paragraph.text.push(' ');
                paragraph.text.push_str(&words);
            }
            None => current = Some(finding(line, words)),
        }
    }
    findings.extend(current);
    findings
}

fn finding(line: usize, text: String) -> DraftFinding {
    DraftFinding {
        text,
        line,
        ..DraftFinding::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<(usize, String)> {
        parse(source).unwrap().sections[0]
            .findings
            .iter()
            .map(|f| (f.line, f.text.clone()))
            .collect()
    }

    #[test]
    fn one_finding_per_line_without_blank_lines() {
        assert_eq!(
            texts("Möte 3  Arbetsmöte\nAgenda Välkomna\n"),
            [
                (1, "Möte 3 Arbetsmöte".to_owned()),
                (2, "Agenda Välkomna".to_owned())
            ]
        );
    }

    #[test]
    fn one_finding_per_paragraph_with_blank_lines() {
        assert_eq!(
            texts("Första stycket\nfortsätter här.\n\n\nAndra stycket.\n"),
            [
                (1, "Första stycket fortsätter här.".to_owned()),
                (5, "Andra stycket.".to_owned())
            ]
        );
    }

    #[test]
    fn blank_file_is_empty() {
        assert_eq!(parse(" \n\n").unwrap_err().kind, ParseErrorKind::Empty);
    }
}
