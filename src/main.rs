use clap::Parser;

fn main() {
    restore_default_sigpipe();
    let cli = eibal::cli::Cli::parse();
    if let Err(e) = eibal::cli::run(cli) {
        eprintln!("{}", e.render());
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
