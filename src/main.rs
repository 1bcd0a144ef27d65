use clap::Parser;

fn main() {
    restore_default_sigpipe();
    let cli = eibal::cli::Cli::parse();
    if let Err(e) = eibal::cli::run(cli) {
        let message = e.to_string();
        // Diagnostics from the language front end are already rendered
        // (`file:line:col: error: ...`); everything else gets the `error:` prefix here.
        let first_line = message.lines().next().unwrap_or("");
        if first_line.starts_with("error:") || first_line.contains(": error: ") {
            eprintln!("{message}");
        } else {
            eprintln!("error: {message}");
        }
        std::process::exit(e.exit_code());
    }
}

/// Rust ignores SIGPIPE, so `eibal show model.ei | head` would panic in `print!` once the
/// reader has gone. A command-line tool should instead end quietly, as `cat` does.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
