//! Processes racing each other on one database file: writers saving while
//! another process restores a backup and a third exports. No writer may be
//! told the file is damaged, no save reported done may be lost (it is in the
//! database or in a backup), and the file stays sound. Bounded: a few
//! hundred short processes.

use std::{
    path::{Path, PathBuf},
    process::Output,
    sync::Arc,
    thread,
    time::Duration,
};

use crate::common::cli_ok;

fn run(db: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_critical-friend"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CRITICAL_FRIEND_DB")
        // Every backup is kept, so every reported save can be looked for.
        .env("CRITICAL_FRIEND_KEEP_BACKUPS", "10000")
        .output()
        .expect("run critical-friend")
}

/// Every key message in a database file, read without changing it.
fn key_messages(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open read-only");
    let mut statement = conn
        .prepare("SELECT text FROM peer_entry WHERE list = 'key_messages'")
        .expect("query");
    statement
        .query_map([], |row| row.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("texts")
}

type Saves = thread::JoinHandle<Vec<(String, Output)>>;

/// Writers adding key messages, each its own process, one after another.
fn spawn_writers(db: &Arc<PathBuf>, id: &Arc<String>, writers: usize, saves: usize, padding: &str) -> Vec<Saves> {
    (0..writers)
        .map(|writer| {
            let (db, id, padding) = (Arc::clone(db), Arc::clone(id), padding.to_owned());
            thread::spawn(move || {
                (0..saves)
                    .map(|save| {
                        let text = format!("writer {writer} save {save} {padding}");
                        let output = run(
                            &db,
                            &[
                                "--as",
                                "peer",
                                "key-message",
                                "add",
                                "--assessment",
                                &id,
                                "--text",
                                &text,
                            ],
                        );
                        (text, output)
                    })
                    .collect()
            })
        })
        .collect()
}

/// Restores `backup` `times` times, a little apart.
fn spawn_restorer(db: &Arc<PathBuf>, backup: PathBuf, times: usize) -> thread::JoinHandle<Vec<Output>> {
    let db = Arc::clone(db);
    thread::spawn(move || {
        (0..times)
            .map(|_| {
                thread::sleep(Duration::from_millis(300));
                run(&db, &["backup", "restore", backup.to_str().expect("path")])
            })
            .collect()
    })
}

/// Exports a PDF pack and an exchange file, `rounds` times.
fn spawn_exporter(
    db: &Arc<PathBuf>,
    id: &Arc<String>,
    folder: &Path,
    rounds: usize,
) -> thread::JoinHandle<Vec<Output>> {
    let (db, id, folder) = (Arc::clone(db), Arc::clone(id), folder.to_path_buf());
    thread::spawn(move || {
        (0..rounds)
            .flat_map(|round| {
                let pack = folder.join(format!("pack-{round}.pdf"));
                let file = folder.join(format!("copy-{round}.json"));
                [
                    run(
                        &db,
                        &["export-pdf", "--assessment", &id, "--out", pack.to_str().expect("path")],
                    ),
                    run(
                        &db,
                        &["export", "--assessment", &id, "--out", file.to_str().expect("path")],
                    ),
                ]
            })
            .collect()
    })
}

#[test]
fn writers_racing_restores_and_exports_lose_no_reported_save_and_never_hear_damaged() {
    const WRITERS: usize = 4;
    const SAVES: usize = 50;
    // Long entries make the file grow, so checkpoints extend it while
    // other processes open it: when a false "damaged" was seen.
    let padding = "x".repeat(12_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Arc::new(dir.path().join("shared.sqlite"));
    let id = Arc::new(cli_ok(&db, &["demo"]).trim().to_owned());
    let first_backup = PathBuf::from(cli_ok(&db, &["backup", "now"]).trim());

    let writers = spawn_writers(&db, &id, WRITERS, SAVES, &padding);
    let restorer = spawn_restorer(&db, first_backup, 3);
    let exporter = spawn_exporter(&db, &id, dir.path(), 4);

    let saves: Vec<(String, Output)> = writers
        .into_iter()
        .flat_map(|writer| writer.join().expect("writer"))
        .collect();
    let others: Vec<Output> = restorer
        .join()
        .expect("restorer")
        .into_iter()
        .chain(exporter.join().expect("exporter"))
        .collect();
    for output in saves.iter().map(|(_, output)| output).chain(&others) {
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(
            !message.contains("damaged") && !message.contains("cut short"),
            "a busy file was called damaged: {message}"
        );
    }
    let restores_done = others.iter().take(3).filter(|output| output.status.success()).count();
    assert!(restores_done > 0, "at least one restore ran");

    let mut present = key_messages(&db);
    for entry in std::fs::read_dir(dir.path().join("backups"))
        .expect("backups")
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "sqlite") {
            present.extend(key_messages(&entry.path()));
        }
    }
    let reported: Vec<&String> = saves
        .iter()
        .filter(|(_, output)| output.status.success())
        .map(|(text, _)| text)
        .collect();
    assert!(
        reported.len() > WRITERS * SAVES / 2,
        "most saves got through: {}",
        reported.len()
    );
    for text in reported {
        assert!(
            present.contains(text),
            "“{}” was reported saved but is in neither the database nor any backup",
            &text[..20]
        );
    }
    let conn = rusqlite::Connection::open(&*db).expect("open");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity");
    assert_eq!(verdict, "ok");
}

/// Four processes import the same evidence bundle into one copy at once.
/// Each backs up first, in the same second: every backup is whole and kept
/// under a name of its own, none is left half-written, and the files are
/// stored once, by whichever process got there first.
#[test]
fn processes_importing_one_bundle_at_once_each_keep_their_backup_and_store_it_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = dir.path().join("council.sqlite");
    let (id, _) = crate::evidence::with_evidence(&council, dir.path());
    let exchange = dir.path().join("to-peers.json");
    let bundle = dir.path().join("evidence.zip");
    let text = |path: &Path| path.to_str().expect("path").to_owned();
    cli_ok(&council, &["export", "--assessment", &id, "--out", &text(&exchange)]);
    cli_ok(
        &council,
        &["export-bundle", "--assessment", &id, "--out", &text(&bundle)],
    );
    let peer = Arc::new(dir.path().join("peer.sqlite"));
    cli_ok(&peer, &["--as", "peer", "import", &text(&exchange)]);

    let bundle = Arc::new(text(&bundle));
    let racers: Vec<_> = (0..4)
        .map(|_| {
            let (peer, bundle) = (Arc::clone(&peer), Arc::clone(&bundle));
            thread::spawn(move || run(&peer, &["--as", "peer", "import-bundle", bundle.as_str()]))
        })
        .collect();
    let outputs: Vec<Output> = racers.into_iter().map(|racer| racer.join().expect("join")).collect();
    for output in &outputs {
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let said: Vec<String> = outputs
        .iter()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .collect();
    assert_eq!(
        said.iter().filter(|s| s.contains("1 file added")).count(),
        1,
        "{said:?}"
    );
    assert_eq!(
        said.iter().filter(|s| s.contains("0 files added")).count(),
        3,
        "{said:?}"
    );
    let backups: Vec<PathBuf> = std::fs::read_dir(dir.path().join("backups"))
        .expect("backups")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("peer-"))
        })
        .collect();
    assert!(
        backups
            .iter()
            .all(|path| path.extension().is_some_and(|e| e == "sqlite")),
        "no partial backup is left: {backups:?}"
    );
    for backup in &backups {
        let conn = rusqlite::Connection::open(backup).expect("open backup");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .expect("check");
        assert_eq!(check, "ok", "{}", backup.display());
    }
}
