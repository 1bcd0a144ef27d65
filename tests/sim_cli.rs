//! `eibal simulate` end to end: exit codes, JSON keys and the files of `--out`.

use std::process::Command;

fn eibal() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
}

#[test]
fn simulate_prints_json_and_writes_files() {
    let dir = std::env::temp_dir().join(format!("eibal_sim_cli_{}", std::process::id()));
    let out = eibal()
        .args([
            "simulate",
            "tests/fixtures/brunel_small.ei",
            "--duration",
            "300ms",
            "--seed",
            "4",
            "--json",
            "--csv",
            "--out",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["seed"], 4);
    assert!((json["simulated_s"].as_f64().unwrap() - 0.3).abs() < 1e-9);
    let e = &json["populations"][0];
    assert_eq!(e["name"], "E");
    assert!(e["rate_hz"].as_f64().unwrap() > 1.0);
    assert!(e["cv"].as_f64().is_some() && e["fano"].as_f64().is_some());
    for f in [
        "populations.csv",
        "spikes.bin",
        "spikes.csv",
        "statistics.json",
    ] {
        assert!(dir.join(f).exists(), "{f} missing");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_arguments_exit_with_code_two() {
    let out = eibal()
        .args([
            "simulate",
            "tests/fixtures/brunel_small.ei",
            "--duration",
            "abc",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = eibal()
        .args([
            "simulate",
            "tests/fixtures/brunel_small.ei",
            "--set",
            "nope=1",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
