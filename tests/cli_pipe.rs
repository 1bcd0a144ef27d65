//! A reader that goes away early (`eibal show model.ei | head`) ends eibal quietly, as it
//! ends `cat`: no panic message.

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn closed_stdout_does_not_panic() {
    // 3000 populations: `show --json` writes far more than a pipe buffer (64 KiB) holds, so
    // eibal is still writing when the reader closes.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.ei");
    let mut model = String::from(
        "model many\nneuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV }\n",
    );
    for i in 0..3000 {
        model.push_str(&format!(
            "population P{i} : lif, excitatory {{ size = 10 }}\n"
        ));
    }
    std::fs::write(&path, model).expect("write model");
    let mut child = Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(["show", "--json"])
        .arg(&path)
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
