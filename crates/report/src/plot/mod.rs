//! Plots: one figure per file, each a struct of plain data that draws itself on any plotters
//! backend ([`Figure`]), saved as SVG or PNG by [`save`].
//!
//! The font (DejaVu Sans, under its own licence in `fonts/LICENSE`) is compiled into the
//! binary and registered as `"sans-serif"`, so PNGs render the same on a headless machine
//! with no system fonts. SVGs name the family and leave glyphs to the viewer.

pub mod avalanches;
pub mod currents;
pub mod cv_histogram;
pub mod phase_diagram;
pub mod raster;
pub mod rate_curve;
pub mod rate_spectrum;
pub mod rate_trace;
pub mod spectrum;
pub mod style;
pub mod traces;

use eibal_model::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// The font family every figure uses; registered once by [`save`].
pub const FONT: &str = "sans-serif";

static FONT_BYTES: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
static REGISTER: Once = Once::new();

fn register_font() {
    REGISTER.call_once(|| {
        // The bytes are a fixed, valid TrueType file compiled into the binary; a failure here
        // would only leave PNG text unrendered, which `save` cannot detect, so it is ignored.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES);
    });
}

/// The image format, chosen by the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    /// `.svg` or `.png` (case-insensitive); anything else is bad input.
    pub fn from_path(path: &Path) -> Result<ImageFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(ImageFormat::Svg),
            Some("png") => Ok(ImageFormat::Png),
            _ => Err(Error::BadInput(format!(
                "{}: plots are written as .svg or .png; name the file with one of those extensions",
                path.display()
            ))),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// A drawing failure, as text (plotters' error types are generic over the backend).
#[derive(Debug, Clone, PartialEq)]
pub struct PlotError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        PlotError(e.to_string())
    }
}

impl std::fmt::Display for PlotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A figure that draws itself on any plotters backend.
pub trait Figure {
    /// Size in pixels (width, height).
    fn size(&self) -> (u32, u32) {
        (1000, 650)
    }

    /// Draws the whole figure on `root` (already filled white by [`save`]).
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError>;
}

/// Renders `figure` as `name` (.svg or .png) in `sink`; returns the path written.
pub fn save_in(sink: &dyn eibal_model::Sink, name: &str, figure: &impl Figure) -> Result<PathBuf> {
    let path = sink.path_of(name);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    save(figure, &path)?;
    Ok(path)
}

/// Renders `figure` to `path` (.svg or .png). The image is written to a temporary file in the
/// same folder and renamed into place, so a failure (e.g. a full disk) leaves no half-written
/// plot and never touches an existing file of that name.
pub fn save(figure: &impl Figure, path: &Path) -> Result<()> {
    register_font();
    let format = ImageFormat::from_path(path)?;
    let temporary = temporary_path(path, format);
    let drawn = match format {
        ImageFormat::Svg => render(SVGBackend::new(&temporary, figure.size()), figure),
        ImageFormat::Png => render(BitMapBackend::new(&temporary, figure.size()), figure),
    };
    if let Err(e) = drawn {
        let _ = std::fs::remove_file(&temporary);
        return Err(Error::Runtime(format!(
            "{}: could not draw the plot: {e}",
            path.display()
        )));
    }
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        Error::io(path, e)
    })
}

fn render<DB: DrawingBackend>(
    backend: DB,
    figure: &impl Figure,
) -> std::result::Result<(), PlotError> {
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    figure.draw(&root)?;
    root.present()?;
    Ok(())
}

fn temporary_path(path: &Path, format: ImageFormat) -> PathBuf {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(
        ".{name}.{}.partial.{}",
        std::process::id(),
        format.extension()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A title only: enough to see whether text reaches the pixels.
    struct TitleOnly;

    impl Figure for TitleOnly {
        fn size(&self) -> (u32, u32) {
            (200, 60)
        }
        fn draw<DB: DrawingBackend>(
            &self,
            root: &DrawingArea<DB, Shift>,
        ) -> std::result::Result<(), PlotError> {
            root.titled("Eibal", (FONT, 40))?;
            Ok(())
        }
    }

    #[test]
    fn png_text_is_rendered_with_the_shipped_font() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.png");
        save(&TitleOnly, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        // Decode through plotters' own image dependency is not exposed; instead check that
        // the file is larger than a blank 200x60 PNG would compress to, i.e. glyphs were drawn.
        let blank = dir.path().join("blank.png");
        struct Blank;
        impl Figure for Blank {
            fn size(&self) -> (u32, u32) {
                (200, 60)
            }
            fn draw<DB: DrawingBackend>(
                &self,
                _: &DrawingArea<DB, Shift>,
            ) -> std::result::Result<(), PlotError> {
                Ok(())
            }
        }
        save(&Blank, &blank).unwrap();
        let blank_len = std::fs::metadata(&blank).unwrap().len();
        assert!(
            bytes.len() as u64 > blank_len + 200,
            "text adds {} bytes over a blank image of {blank_len}",
            bytes.len() as u64 - blank_len.min(bytes.len() as u64)
        );
        // No temporary file is left behind.
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn svg_is_complete_and_unknown_extensions_are_bad_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.svg");
        save(&TitleOnly, &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("<svg"));
        assert!(text.trim_end().ends_with("</svg>"));
        assert!(text.contains("Eibal"));
        let err = save(&TitleOnly, &dir.path().join("t.pdf")).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn a_missing_folder_is_an_io_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/folder/t.svg");
        assert!(save(&TitleOnly, &path).is_err());
    }
}
