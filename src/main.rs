//! The `netreach` binary: runs the CLI and maps its outcome to the exit status.

fn main() -> std::process::ExitCode {
    netreach::cli::main()
}
