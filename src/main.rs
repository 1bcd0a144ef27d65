use clap::Parser;

fn main() {
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
