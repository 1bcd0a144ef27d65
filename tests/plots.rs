//! The plots `eibal compare --out` and `eibal sweep --out` write: each file exists, is a
//! valid image of the size the figure states (PNG: decoded by the `png` crate; SVG: one
//! `<svg>` root with that width and height, closed), is not empty, and its title names the
//! model and its file.

use std::path::Path;
use std::process::Command;

const MODEL: &str = "tests/fixtures/sweep_small.ei";
const TITLE: &str = "small_brunel (sweep_small.ei)";

fn eibal(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(args)
        .output()
        .expect("eibal runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Decodes a PNG fully and returns its size; also checks that not every pixel is white.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{}", path.display());
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert!(
        buf[..info.buffer_size()].iter().any(|&b| b != 255),
        "{} is blank",
        path.display()
    );
    (info.width, info.height)
}

/// Checks the SVG root and returns its text.
fn svg_text(path: &Path, size: (u32, u32)) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = text.trim_start();
    assert!(start.starts_with("<svg"), "{}", path.display());
    let root_tag = &start[..start.find('>').expect("root tag closed")];
    assert!(
        root_tag.contains(&format!("width=\"{}\"", size.0)),
        "{root_tag}"
    );
    assert!(
        root_tag.contains(&format!("height=\"{}\"", size.1)),
        "{root_tag}"
    );
    assert!(
        text.trim_end().ends_with("</svg>"),
        "{} not closed",
        path.display()
    );
    assert_eq!(text.matches("<svg").count(), 1);
    assert!(text.len() > 2000, "{} is nearly empty", path.display());
    text
}

const FIGURES: [(&str, (u32, u32)); 5] = [
    ("raster", (1000, 750)),
    ("cv_histogram", (1000, 650)),
    ("rate_trace", (1000, 650)),
    ("currents", (1000, 650)),
    ("avalanches", (1200, 600)),
];

#[test]
fn compare_writes_every_plot_as_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["png", "svg"] {
        let out = dir.path().join(format);
        let out_str = out.to_string_lossy().into_owned();
        eibal(&[
            "compare",
            MODEL,
            "--duration",
            "400ms",
            "--quiet",
            "--json",
            "--out",
            &out_str,
            "--format",
            format,
        ]);
        assert!(out.join("compare.json").exists());
        for (name, size) in FIGURES {
            let path = out.join(format!("{name}.{format}"));
            if format == "png" {
                assert_eq!(png_size(&path), size, "{name}");
            } else {
                let text = svg_text(&path, size);
                assert!(text.contains(TITLE), "{name}: title without the model name");
            }
        }
    }
}

#[test]
fn sweep_writes_the_rate_curve() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_string_lossy().into_owned();
    eibal(&[
        "sweep", MODEL, "--param", "g", "4:6:1", "--quiet", "--out", &out,
    ]);
    let text = svg_text(&dir.path().join("rate_curve.svg"), (1000, 650));
    assert!(text.contains(TITLE));
    assert!(text.contains("rate (Hz)") && text.contains("E theory"));
    eibal(&[
        "sweep", MODEL, "--param", "g", "4:6:1", "--quiet", "--out", &out, "--format", "png",
    ]);
    assert_eq!(png_size(&dir.path().join("rate_curve.png")), (1000, 650));
}

/// A simulated point whose every seed failed (here: the network exploded) is drawn as a
/// cross with its own legend entry instead of vanishing from the rate curve.
#[test]
fn rate_curve_marks_failed_simulations() {
    use eibal::model::Sign;
    use eibal::report::plot::rate_curve::{Curve, RateCurve};
    let dir = tempfile::tempdir().unwrap();
    let figure = |failed: Vec<f64>| RateCurve {
        title: "t".into(),
        x_label: "x".into(),
        y_label: "rate (Hz)".into(),
        curves: vec![Curve {
            label: "E theory".into(),
            population: 0,
            sign: Sign::Excitatory,
            series: 0,
            points: vec![(0.0, 1.0), (1.0, 2.0)],
            unstable: vec![],
        }],
        simulations: vec![],
        critical: vec![],
        failed,
    };
    let with = dir.path().join("with.svg");
    let without = dir.path().join("without.svg");
    eibal::report::plot::save(&figure(vec![0.5]), &with).unwrap();
    eibal::report::plot::save(&figure(vec![]), &without).unwrap();
    let legend = "simulation failed";
    assert!(std::fs::read_to_string(&with).unwrap().contains(legend));
    assert!(!std::fs::read_to_string(&without).unwrap().contains(legend));
}

/// The rate over the whole run (warm-up included) names the target of synaptic scaling.
#[test]
fn rate_trace_shows_the_scaling_target() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_string_lossy().into_owned();
    eibal(&[
        "compare",
        "models/gallery/synaptic_scaling.ei",
        "--duration",
        "1s",
        "--quiet",
        "--json",
        "--out",
        &out,
    ]);
    let text = svg_text(&dir.path().join("rate_trace.svg"), (1000, 650));
    assert!(text.contains("gallery_synaptic_scaling (synaptic_scaling.ei)"));
    assert!(text.contains("E target rate 5 Hz"), "no target line");
    assert!(text.contains("population rate (Hz"));
}

/// Rate units get state traces x_i(t) (no raster); the title names the `--set` values.
#[test]
fn compare_draws_traces_of_rate_units() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["png", "svg"] {
        let out = dir.path().join(format);
        let out_str = out.to_string_lossy().into_owned();
        eibal(&[
            "compare",
            "models/gallery/edge_of_chaos.ei",
            "--set",
            "g=1.2",
            "--duration",
            "200ms",
            "--quiet",
            "--json",
            "--out",
            &out_str,
            "--format",
            format,
        ]);
        let path = out.join(format!("traces.{format}"));
        if format == "png" {
            assert_eq!(png_size(&path), (1000, 650));
        } else {
            let text = svg_text(&path, (1000, 650));
            assert!(text.contains("gallery_edge_of_chaos (edge_of_chaos.ei)"));
            assert!(text.contains("g = 1.2"), "title without the --set value");
            assert!(text.contains("activity x_i(t)"));
        }
        assert!(!out.join(format!("raster.{format}")).exists());
    }
}
