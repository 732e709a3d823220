//! Every operation of the bundle, called once through the generated client against the mock
//! serving the same bundle: each answer decodes into the operation's response type (the mock
//! checks every answer against the response schema before sending it, and each request body
//! is checked twice, by the client before sending and by the mock on arrival).

use pce_bundle_e2e::{Fixture, Run};

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
}
