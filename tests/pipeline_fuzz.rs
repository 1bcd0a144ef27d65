//! A seeded fuzz test of the whole pipeline (issue 17 item 7): mutated copies of the shipped
//! models go through `check`, and those it accepts through `theory`, `stability` (with a time
//! limit) and a 20 ms `simulate`. Every run must end (a watchdog kills a run after
//! [`WATCHDOG`]), stay within [`MEMORY_LIMIT`] of address space, exit with 0, 1 or 2 and no
//! panic, and an exit code 2 must come with a located message (`file:line:col`).
//!
//! Mutations are what an adversarial user writes into a file `check` may accept: a number
//! replaced by an extreme value (0, 1e-17, 1e300, a negative, a factor 10 either way), a line
//! deleted or doubled, an operator flipped. The seed is fixed; a failure prints the mutated
//! file. The large models are shrunk first (N_E = 400) so that one simulation takes
//! milliseconds; the microcircuit (77,000 neurons) is left out for the same reason.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Mutated files checked.
const CASES: usize = 300;
/// Of those `check` accepts, how many go through the back ends.
const BACK_END_CASES: usize = 80;
/// A run that takes longer than this has hung (the stability time limit is 0.3 s).
const WATCHDOG: Duration = Duration::from_secs(60);
/// RLIMIT_AS of every run: an allocation beyond it aborts the run, which the test reports.
const MEMORY_LIMIT: u64 = 4 << 30;

const MODELS: [&str; 9] = [
    "brunel2000.ei",
    "brunel2000_exp.ei",
    "coba.ei",
    "disinhibition.ei",
    "feedback_inhibition.ei",
    "feedforward_inhibition.ei",
    "rate_chaos.ei",
    "vvs_binary.ei",
    "microcircuit.ei",
];

/// The shipped model `name`, shrunk to a few hundred neurons where it is large.
fn shipped(name: &str) -> String {
    let text = std::fs::read_to_string(Path::new("models").join(name)).expect("shipped model");
    text.replace("let N_E = 10000", "let N_E = 400")
        .replace("let N = 10000", "let N = 400")
        .replace("size = 3200", "size = 320")
        .replace("size = 800 }", "size = 80 }")
}

const EXTREMES: [&str; 10] = [
    "0", "1e-17", "1e300", "-1", "0.5", "1e6", "3", "1e-300", "100000", "2.5",
];

/// Byte ranges of the number literals in `text`.
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            let mut j = i + 1;
            if j < b.len() && (b[j] == b'-' || b[j] == b'+') {
                j += 1;
            }
            if j < b.len() && b[j].is_ascii_digit() {
                i = j;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
        }
        out.push((start, i));
    }
    out
}

/// One random mutation of `text`.
fn mutate(text: &str, rng: &mut Xoshiro256PlusPlus) -> String {
    let lines: Vec<&str> = text.lines().collect();
    match rng.random_range(0..10) {
        0 if lines.len() > 1 => {
            let k = rng.random_range(0..lines.len());
            let mut v = lines.clone();
            v.remove(k);
            v.join("\n")
        }
        1 if !lines.is_empty() => {
            let k = rng.random_range(0..lines.len());
            let mut v = lines.clone();
            v.insert(k, lines[k]);
            v.join("\n")
        }
        2 => {
            let ops: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| matches!(c, '+' | '*' | '/'))
                .map(|(i, _)| i)
                .collect();
            if ops.is_empty() {
                return text.to_string();
            }
            let i = ops[rng.random_range(0..ops.len())];
            let flipped = match &text[i..i + 1] {
                "+" => "-",
                "*" => "/",
                _ => "*",
            };
            format!("{}{flipped}{}", &text[..i], &text[i + 1..])
        }
        _ => {
            let spans = numbers(text);
            if spans.is_empty() {
                return text.to_string();
            }
            let (a, b) = spans[rng.random_range(0..spans.len())];
            let old: f64 = text[a..b].parse().unwrap_or(1.0);
            let new = match rng.random_range(0..4) {
                0 => format!("{}", old * 10.0),
                1 => format!("{}", old / 10.0),
                _ => EXTREMES[rng.random_range(0..EXTREMES.len())].to_string(),
            };
            format!("{}{new}{}", &text[..a], &text[b..])
        }
    }
}

/// The outcome of one run.
struct Run {
    code: Option<i32>,
    stderr: String,
    seconds: f64,
}

/// Runs eibal with `args` under the memory limit and the watchdog.
fn run(args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_eibal"));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches only the child's limits.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("eibal starts");
    let mut stderr_pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr_pipe.read_to_string(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.and_then(|s| s.code()),
        stderr: reader.join().unwrap_or_default(),
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// Whether `text` names a place `something.ei:LINE:COL`.
fn located(text: &str) -> bool {
    text.match_indices(".ei:").any(|(i, _)| {
        let rest = &text[i + 4..];
        let line = rest.bytes().take_while(u8::is_ascii_digit).count();
        line > 0
            && rest[line..].starts_with(':')
            && rest[line + 1..]
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_digit())
    })
}

/// The problems with one run of `what` on the file `file` (empty when it behaved).
fn judge(what: &str, r: &Run, file: &str) -> Option<String> {
    let problem = match r.code {
        None if r.seconds > WATCHDOG.as_secs_f64() => "hung (killed by the watchdog)".into(),
        None => "killed by a signal (memory limit or abort)".into(),
        Some(c) if !(0..=2).contains(&c) => format!("exit code {c}"),
        _ if r.stderr.contains("panicked") => "panicked".into(),
        Some(2) if !located(&r.stderr) => "exit code 2 without a located message".into(),
        _ => return None,
    };
    Some(format!(
        "`eibal {what}`: {problem} after {:.1} s\n--- stderr:\n{}\n--- file:\n{file}",
        r.seconds, r.stderr
    ))
}

/// Mutated files: (model name, text), deterministic for the seed.
fn cases() -> Vec<(&'static str, String)> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(17);
    let models = &MODELS[..MODELS.len() - 1]; // not the microcircuit
    (0..CASES)
        .map(|_| {
            let name = models[rng.random_range(0..models.len())];
            let mut text = shipped(name);
            for _ in 0..rng.random_range(1..=3) {
                text = mutate(&text, &mut rng);
            }
            (name, text)
        })
        .collect()
}

/// A scratch directory with the shipped `lib/` reachable, as `include`s expect.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let lib = std::fs::canonicalize("models/lib").expect("models/lib");
    std::os::unix::fs::symlink(lib, dir.path().join("lib")).expect("symlink");
    let root = dir.path().to_path_buf();
    (dir, root)
}

#[test]
fn mutated_models_end_with_an_honest_exit_code_through_the_whole_pipeline() {
    let (_guard, root) = scratch();
    let mut failures = Vec::new();
    let mut accepted = 0;
    let mut back_end_runs = 0;
    // Exit codes 0, 1, 2, other of theory, stability and simulate (for the summary line).
    let mut codes = [[0usize; 4]; 3];
    for (k, (name, text)) in cases().into_iter().enumerate() {
        let path = root.join(format!("case{k}_{name}"));
        std::fs::write(&path, &text).expect("write case");
        let file = path.to_str().expect("utf-8 path");
        let checked = run(&["check", file]);
        if let Some(p) = judge("check", &checked, &text) {
            failures.push(p);
            continue;
        }
        if checked.code != Some(0) {
            continue;
        }
        accepted += 1;
        if back_end_runs >= BACK_END_CASES {
            continue;
        }
        back_end_runs += 1;
        let commands: [&[&str]; 3] = [
            &["theory", file, "--no-search"],
            &["stability", file, "--time-limit", "0.3"],
            &["simulate", file, "--duration", "20ms", "--quiet"],
        ];
        for args in commands {
            let r = run(args);
            let command = match args[0] {
                "theory" => 0,
                "stability" => 1,
                _ => 2,
            };
            codes[command][r.code.unwrap_or(3).clamp(0, 3) as usize] += 1;
            if let Some(p) = judge(&args[0..1].join(" "), &r, &text) {
                failures.push(p);
            }
        }
    }
    eprintln!(
        "{accepted} of {CASES} mutated files passed check; back ends on {back_end_runs}: \
         exit codes (0, 1, 2, other) {codes:?}"
    );
    // The mutations must leave enough files valid for the back ends to be exercised.
    assert!(
        back_end_runs >= BACK_END_CASES / 2,
        "only {accepted} of {CASES} mutated files passed check"
    );
    assert!(
        failures.is_empty(),
        "{} of the runs misbehaved; the first:\n{}",
        failures.len(),
        failures[0]
    );
}

#[test]
fn the_mutations_are_deterministic_and_the_helpers_work() {
    let a = cases();
    let b = cases();
    assert!(a.iter().zip(&b).all(|(x, y)| x == y));
    assert_eq!(
        numbers("x = 1.5e-3 mV, N_E2 = 10, rates(1 ms)"),
        vec![(4, 10), (22, 24), (32, 33)]
    );
    assert!(located("error: m.ei:12:5: bad") && !located("error: m.ei: bad"));
}
