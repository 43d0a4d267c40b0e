//! The `mostrador` executable: everything happens in the library, so tests and the future
//! desktop shell share it.

fn main() -> std::process::ExitCode {
    mostrador::cli::run()
}
