//! Python virtual environments for cross-checks against other simulators.
//!
//! A venv is created once under `target/venvs/NAME` (kept between local runs; a fresh clone
//! in CI creates it anew). When the set-up fails (no network, no wheel for this platform),
//! the caller skips its check with a loud message instead of failing or passing silently.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Serialises set-up, so that tests running in parallel do not build one venv twice at once.
static SETUP: Mutex<()> = Mutex::new(());

/// The python interpreter of a venv holding `packages`, or the reason it could not be made.
pub fn python_with(name: &str, packages: &[&str], probe: &str) -> Result<PathBuf, String> {
    let _guard = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("venvs")
        .join(name);
    let python = dir.join("bin").join("python");
    let works = |py: &Path| {
        Command::new(py)
            .args(["-c", probe])
            .env("PYNEST_QUIET", "1")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if python.exists() && works(&python) {
        return Ok(python);
    }
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&dir)
        .status()
        .map_err(|e| format!("python3 -m venv failed to start: {e}"))?;
    if !status.success() {
        return Err(format!("python3 -m venv {} failed", dir.display()));
    }
    let out = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(packages)
        .output()
        .map_err(|e| format!("pip failed to start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "pip install {} failed:\n{}",
            packages.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if works(&python) {
        Ok(python)
    } else {
        Err(format!("{probe:?} fails in the new venv {}", dir.display()))
    }
}

/// Prints a skip notice that cannot be missed in the test output.
pub fn skip_loudly(check: &str, why: &str) {
    let bar = "!".repeat(78);
    eprintln!("\n{bar}\nSKIPPED: {check}\nreason: {why}\n{bar}\n");
}
