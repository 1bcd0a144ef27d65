//! Python virtual environments for cross-checks against other simulators.
//!
//! A venv is created once under `target/venvs/NAME` (kept between local runs; a fresh clone
//! in CI creates it anew), or taken from `EIBAL_VENV_DIR/NAME` when that variable is set (a
//! venv shared between clones). When the set-up fails (no network, no wheel for this
//! platform), the check FAILS under CI (`CI=true`), so that CI cannot go green without
//! checking anything; elsewhere it is skipped with a loud notice (see [`unavailable`]).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Serialises set-up, so that tests running in parallel do not build one venv twice at once.
static SETUP: Mutex<()> = Mutex::new(());

/// The python interpreter of a venv holding `packages`, or the reason it could not be made.
pub fn python_with(name: &str, packages: &[&str], probe: &str) -> Result<PathBuf, String> {
    let _guard = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let root = std::env::var_os("EIBAL_VENV_DIR").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target")
                .join("venvs")
        },
        PathBuf::from,
    );
    let dir = root.join(name);
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

/// Whether this is a CI run (`CI` set to anything but `false` or `0`, as CI services do).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A peer that cannot be installed: a test failure under CI, a loud skip elsewhere.
pub fn unavailable(check: &str, why: &str) {
    if in_ci() {
        panic!(
            "{check}: the peer simulator cannot be installed, and under CI=true that fails the check instead of skipping it:\n{why}"
        );
    }
    skip_loudly(check, why);
}

/// Prints a skip notice that cannot be missed in the test output.
pub fn skip_loudly(check: &str, why: &str) {
    let bar = "!".repeat(78);
    eprintln!("\n{bar}\nSKIPPED: {check}\nreason: {why}\n{bar}\n");
}
