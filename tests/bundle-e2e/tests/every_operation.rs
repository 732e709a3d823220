//! Every operation of the bundle, called once through the generated client against the mock
//! serving the same bundle, which answers as PCEs do (what an object has no value for sent as
//! `null`): each answer decodes into the operation's response type and is valid for its
//! response schema the way PCEs answer, but where a named repair reads a known bug of the
//! published schema (the mock checks every answer too before sending it, and each request
//! body is checked twice, by the client before sending and by the mock on arrival).

use pce_bundle_e2e::{Fixture, Run, KNOWN_DEPARTURES};

mod generated {
    include!(concat!(env!("OUT_DIR"), "/every_operation.rs"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_and_its_answer_decodes() {
    let fixture = Fixture::start().await;
    let mut run = Run::new(&fixture);
    generated::call_every_operation(&mut run).await;
    assert!(
        run.failures.is_empty(),
        "{} of {} operations failed:\n{}",
        run.failures.len(),
        generated::OPERATIONS,
        run.failures.join("\n")
    );
    assert_eq!(run.called, generated::OPERATIONS);
    let listed: std::collections::BTreeSet<&str> =
        KNOWN_DEPARTURES.iter().map(|k| k.repair).collect();
    assert_eq!(run.departures, listed, "each known departure is met");
}
