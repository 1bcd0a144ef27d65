use clap::Parser;

fn main() {
    let cli = eibal::cli::Cli::parse();
    if let Err(e) = eibal::cli::run(cli) {
        eprintln!("error: {e}");
        std::process::exit(e.exit_code());
    }
}
