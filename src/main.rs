//! The `netreach` binary: runs the CLI and maps its outcome to the exit status.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    netreach::cli::main()
}
