//! Entry point: a subcommand runs headless; no subcommand opens the window.

use std::process::ExitCode;

use clap::Parser;
use critical_friend::{
    app::{CriticalFriendApp, StartupOptions},
    cli::{self, Args},
};

fn main() -> ExitCode {
    let args = Args::parse();
    let author = args.author();
    if let (Some(file), Some(_)) = (&args.file, &args.command) {
        eprintln!(
            "critical-friend: a file to open ({}) and a command cannot be given together; to import on the command line, use `critical-friend import FILE`",
            file.display()
        );
        return ExitCode::FAILURE;
    }
    match args.command {
        Some(command) => match cli::run(command, args.db, &author, &mut std::io::stdout().lock()) {
            Ok(()) => ExitCode::SUCCESS,
            // The reader stopped reading (`| head`): nothing more to say.
            Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("critical-friend: {}", one_line(&error));
                ExitCode::FAILURE
            }
        },
        None => run_app(args.db, args.file),
    }
}

/// Whether the output's reader closed it before everything was written.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes on one line, each said once: our errors already
/// carry their cause's words, so a cause already said is left out.
fn one_line(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text.replace('\n', " ")
}

fn run_app(db: Option<std::path::PathBuf>, import: Option<std::path::PathBuf>) -> ExitCode {
    let db_path = match cli::database_path(db) {
        Ok(path) => path,
        Err(error) => {
            eprintln!("critical-friend: {}", one_line(&error));
            return ExitCode::FAILURE;
        }
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Critical Friend")
            .with_app_id("uk.criticalfriend.CriticalFriend")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([760.0, 480.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Critical Friend",
        options,
        Box::new(move |cc| Ok(Box::new(CriticalFriendApp::new(cc, StartupOptions { db_path, import })))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "critical-friend: could not open a window ({error}). The command-line subcommands work without a display; see --help."
            );
            ExitCode::FAILURE
        }
    }
}
