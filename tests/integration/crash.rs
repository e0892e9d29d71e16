//! Crash consistency: a process saving edits one transaction at a time is
//! killed with SIGKILL at random moments. After every kill the database
//! opens, `PRAGMA integrity_check` says ok, and every edit the process
//! reported as saved is there.
//!
//! 200 kills by default (about ten seconds); set `CRITICAL_FRIEND_KILLS` for
//! a longer run, e.g. `CRITICAL_FRIEND_KILLS=5000 cargo test --test crash`.

use std::{
    collections::HashMap,
    io::Read,
    process::{Command, Stdio},
    time::Duration,
};

use crate::common::{cli_ok, temp_db};
use critical_friend::{
    domain::{Catalogue, ItemId},
    storage::Database,
};

/// A small deterministic generator, so a failing run can be repeated from its seed.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killing_a_saving_process_never_loses_a_reported_save() {
    let kills: u64 = std::env::var("CRITICAL_FRIEND_KILLS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(200);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| (d.as_secs() ^ u64::from(d.subsec_nanos())) | 1);
    let mut random = Xorshift(seed);
    let (_dir, db) = temp_db();
    let id = cli_ok(&db, &["new", "--org", "Crash Test Council", "--title", "Kill me"]);
    let id = id.trim().to_owned();
    let items: Vec<ItemId> = Catalogue::builtin()
        .default_framework()
        .items()
        .map(|(_, item)| item.id.clone())
        .collect();
    let mut reported: HashMap<ItemId, u64> = HashMap::new();
    let mut saved_total = 0u64;
    for kill in 0..kills {
        let start = (kill * 1_000_000).to_string();
        let mut child = Command::new(env!("CARGO_BIN_EXE_critical-friend"))
            .args([
                "--db",
                db.to_str().expect("path"),
                "stress",
                "--assessment",
                &id,
                "--start",
                &start,
            ])
            .env_remove("CRITICAL_FRIEND_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start");
        std::thread::sleep(Duration::from_millis(random.next() % 60));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        let mut printed = String::new();
        child
            .stdout
            .take()
            .expect("stdout")
            .read_to_string(&mut printed)
            .expect("read");
        // Edit N writes "edit N" to item N mod 34; numbers only grow.
        for line in printed.lines() {
            let number: u64 = line.trim().parse().expect("a number per saved edit");
            let item = items[usize::try_from(number % items.len() as u64).expect("fits")].clone();
            reported.insert(item, number);
            saved_total += 1;
        }
        let stored = Database::open(&db)
            .unwrap_or_else(|error| panic!("kill {kill} (seed {seed}): the database does not open: {error}"));
        let verdict: String = rusqlite::Connection::open(&db)
            .expect("check")
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .expect("integrity_check");
        assert_eq!(verdict, "ok", "kill {kill} (seed {seed})");
        let assessment = stored.load(id.parse().expect("id")).expect("load");
        for (item, last) in &reported {
            let notes = &assessment.answer(item).notes;
            let stored_number: u64 = notes
                .strip_prefix("edit ")
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("kill {kill} (seed {seed}): item {item} lost its note: {notes:?}"));
            assert!(
                stored_number >= *last,
                "kill {kill} (seed {seed}): item {item} went back from edit {last} to {stored_number}"
            );
        }
    }
    eprintln!("{kills} kills survived; {saved_total} reported saves all present (seed {seed})");
}
