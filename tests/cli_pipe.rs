//! A reader that goes away early (`eibal show model.ei | head`) ends eibal quietly, as it
//! ends `cat`: no panic message.

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn closed_stdout_does_not_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(["show", "models/microcircuit.ei"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("eibal starts");
    // Read one byte, then close the pipe while eibal still has tables to print.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("stderr readable");
    let _ = child.wait().expect("eibal ends");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
