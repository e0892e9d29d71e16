//! Writes the files a package installs beside the program that are made
//! from its command-line definitions: the manual page and the shell
//! completions for bash, zsh and fish. `cargo run --bin package-files --
//! DIR` before `cargo deb`; the package's assets name what it writes.

use std::{fs, path::Path, process::ExitCode};

use clap::CommandFactory;
use clap_complete::Shell;
use critical_friend::cli::Args;

fn write_all(folder: &Path) -> std::io::Result<()> {
    fs::create_dir_all(folder)?;
    let command = Args::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    fs::write(folder.join("critical-friend.1"), page)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut command.clone(), "critical-friend", folder)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1) else {
        eprintln!("usage: package-files DIR");
        return ExitCode::FAILURE;
    };
    match write_all(Path::new(&folder)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("package-files: {error}");
            ExitCode::FAILURE
        }
    }
}
