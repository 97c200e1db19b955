//! The command line: it says which database it works on, and a key is never
//! made in a database the server does not use.

use std::process::Command;

#[test]
fn keys_create_refuses_a_database_that_does_not_exist_and_names_the_one_it_used() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("elsewhere.db");
    let url = format!("sqlite://{}", missing.display());
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ipr-service"))
            .args(["keys", "create", "--role", "admin", "--label", "测试"])
            .args(extra)
            .env("IPR_DATABASE_URL", &url)
            .env_remove("IPR_CONFIG")
            .output()
            .unwrap()
    };
    let refused = run(&[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("database: {url}")), "{stderr}");
    assert!(
        stderr.contains("does not exist") && stderr.contains("--create-database"),
        "{stderr}"
    );
    assert!(refused.stdout.is_empty() && !missing.exists());

    let created = run(&["--create-database"]);
    let stderr = String::from_utf8_lossy(&created.stderr);
    assert!(created.status.success(), "{stderr}");
    assert!(missing.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&missing).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the database holds personal data: owner only");
    }
    let key = String::from_utf8_lossy(&created.stdout);
    assert!(key.trim().starts_with("ipr_"), "{key}");
    // Now it exists: no flag needed.
    assert!(run(&[]).status.success());
}

#[test]
fn migrate_reverts_to_a_named_migration_and_refuses_one_it_does_not_have() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("ipr.db").display());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ipr-service"))
            .args(args)
            .env("IPR_DATABASE_URL", &url)
            .env_remove("IPR_CONFIG")
            .output()
            .unwrap()
    };
    assert!(run(&["migrate"]).status.success());
    let back = run(&["migrate", "--revert-to", "2026-12-04-000020"]);
    let stdout = String::from_utf8_lossy(&back.stdout);
    assert!(
        back.status.success(),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    let reverted: Vec<&str> = stdout.lines().collect();
    assert!(reverted.len() >= 2, "{stdout}");
    assert_eq!(
        reverted[reverted.len() - 2..],
        [
            "reverted 2026-12-06-000022_access_log_answers",
            "reverted 2026-12-04-000021_rate_counters_unlogged",
        ],
        "newest first, down to the one kept"
    );
    let refused = run(&["migrate", "--revert-to", "2026-13-01-000099"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && stderr.contains("no migration 2026-13-01-000099"),
        "{stderr}"
    );
    let again = run(&["migrate"]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
