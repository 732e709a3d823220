//! Explorer traffic queries, one call from the query to its flows: the query built without
//! hand-written JSON ([`TrafficQuery`]), submitted as an async query, polled at a bounded
//! pace under one deadline, and its flows downloaded and decoded as they stream
//! ([`TrafficFlow`], read leniently).

mod flow;
mod query;
mod run;

pub use flow::{FlowEnd, FlowLabel, FlowService, FlowWorkload, TimestampRange, TrafficFlow};
pub use query::{Actor, PolicyDecision, TrafficQuery};
pub use run::{Traffic, TrafficProgress};
