//! `pce login` against the mock PCE: who is logged in, the org and the PCE version; the
//! session is logged out; refused or missing credentials.

use crate::{assert_error, run, Pce};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_prints_the_user_the_org_and_the_version() {
    let pce = Pce::start("login").await;
    let run = run(&mut pce.with_password(["login"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "user: admin (user_1, /users/1)\norg: 1 (Mock PCE)\nPCE version: 25.2.10-1000\n"
    );
    assert_eq!(pce.mock.logins(), 1);
    let methods: Vec<(String, bool)> = pce
        .mock
        .requests()
        .iter()
        .map(|r| (r.method.clone(), r.path.ends_with("/logout")))
        .collect();
    assert_eq!(
        methods.last(),
        Some(&("PUT".to_owned(), true)),
        "logged out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_exits_1() {
    let pce = Pce::start("login_refused").await;
    let run = run(pce
        .with_password(["login"])
        .env("ILLUMIO_PASSWORD", "wrong"));
    assert_error(
        &run,
        1,
        "authentication failed: the email or password was refused",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_password_or_a_terminal_it_asks_for_illumio_password() {
    let pce = Pce::start("login_no_password").await;
    let run = run(pce.with_password(["login"]).env_remove("ILLUMIO_PASSWORD"));
    assert_error(&run, 2, "set ILLUMIO_PASSWORD");
    assert!(pce.mock.requests().is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_key_cannot_log_in() {
    let pce = Pce::start("login_api_key").await;
    let run = run(&mut pce.with_api_key(["login"]));
    assert_error(&run, 2, "set ILLUMIO_EMAIL");
    assert!(pce.mock.requests().is_empty(), "nothing was sent");
}
