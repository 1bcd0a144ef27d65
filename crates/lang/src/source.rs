//! The source texts of one compilation (the main file, its includes, `--set` values), so
//! that a [`Span`] can be turned into `file:line:col` and a source line.

use super::ast::{FileId, Span};

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in messages: the path as given, or `--set g` for an override.
    pub name: String,
    pub text: String,
    /// Byte offset at which each line starts (for fast line lookups).
    line_starts: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.files.push(SourceFile {
            name: name.into(),
            text,
            line_starts,
        });
        FileId(self.files.len() - 1)
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn name(&self, id: FileId) -> &str {
        &self.files[id.0].name
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> (u32, u32) {
        let f = &self.files[file.0];
        let offset = floor_char_boundary(&f.text, offset.min(f.text.len()));
        // Index of the last line start at or before the offset.
        let line = f.line_starts.partition_point(|&s| s <= offset).max(1);
        let line_start = f.line_starts[line - 1];
        let column = f.text[line_start..offset].chars().count() + 1;
        (to_u32(line), to_u32(column))
    }

    /// The full text of the line containing `offset` (without its newline), and the byte
    /// offset at which that line starts.
    pub fn line_of(&self, file: FileId, offset: usize) -> (&str, usize) {
        let text = &self.files[file.0].text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        (text[start..end].trim_end_matches('\r'), start)
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let text = &self.files[span.file.0].text;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
        &text[start..end]
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
