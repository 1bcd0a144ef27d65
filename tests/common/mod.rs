pub mod venv;
