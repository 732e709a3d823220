//! What a traffic query asks for, built as a user thinks of it (time range, sources and
//! destinations by label, IP list, workload or address, services by port and protocol,
//! policy decisions), and written as the body of `POST …/traffic_flows/async_queries`.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use crate::Href;

/// One side of a flow to match: a label, a label group, a workload, an IP list (each by
/// href) or an IP address.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Actor {
    /// Workloads with this label.
    Label(Href),
    /// Workloads with a label of this label group.
    LabelGroup(Href),
    /// This workload.
    Workload(Href),
    /// Addresses in this IP list.
    IpList(Href),
    /// This IP address.
    IpAddress(String),
}

impl Actor {
    fn to_json(&self) -> Value {
        match self {
            Actor::Label(href) => json!({"label": {"href": href}}),
            Actor::LabelGroup(href) => json!({"label_group": {"href": href}}),
            Actor::Workload(href) => json!({"workload": {"href": href}}),
            Actor::IpList(href) => json!({"ip_list": {"href": href}}),
            Actor::IpAddress(ip) => json!({"ip_address": ip}),
        }
    }
}

/// What policy says of a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PolicyDecision {
    /// Allowed by a rule.
    Allowed,
    /// Would be blocked once enforced.
    PotentiallyBlocked,
    /// Blocked.
    Blocked,
    /// Not reported by the VEN.
    Unknown,
}

impl PolicyDecision {
    /// The PCE's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::PotentiallyBlocked => "potentially_blocked",
            Self::Blocked => "blocked",
            Self::Unknown => "unknown",
        }
    }
}

/// The flows side: groups of actors, a flow matching when it matches every actor of one
/// group; and actors a flow must not match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Side {
    include: Vec<Vec<Actor>>,
    exclude: Vec<Actor>,
}

impl Side {
    fn to_json(&self) -> Value {
        let include: Vec<Vec<Value>> = self
            .include
            .iter()
            .map(|group| group.iter().map(Actor::to_json).collect())
            .collect();
        let exclude: Vec<Value> = self.exclude.iter().map(Actor::to_json).collect();
        // No group at all means any source (or destination): one empty group.
        let include = if include.is_empty() {
            vec![Vec::new()]
        } else {
            include
        };
        json!({"include": include, "exclude": exclude})
    }
}

/// A traffic query: which flows, between which dates, at most how many.
///
/// ```
/// use chrono::NaiveDate;
/// use illumio_pce::traffic::{Actor, PolicyDecision, TrafficQuery};
/// use illumio_pce::Href;
///
/// let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("a date");
/// let query = TrafficQuery::new("blocked to the database")
///     .between(day(23), day(30))
///     .destination(Actor::Label(Href::from("/orgs/1/labels/7")))
///     .exclude_source(Actor::IpList(Href::from("/orgs/1/sec_policy/active/ip_lists/1")))
///     .port(5432, 6)
///     .decision(PolicyDecision::Blocked)
///     .decision(PolicyDecision::PotentiallyBlocked)
///     .max_results(10_000);
/// let body = query.to_json();
/// assert_eq!(body["destinations"]["include"][0][0]["label"]["href"], "/orgs/1/labels/7");
/// assert_eq!(body["services"]["include"][0]["port"], 5432);
/// assert_eq!(body["start_date"], "2026-11-23");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficQuery {
    name: String,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    sources: Side,
    destinations: Side,
    include_services: Vec<Value>,
    exclude_services: Vec<Value>,
    decisions: Vec<PolicyDecision>,
    max_results: u32,
}

impl TrafficQuery {
    /// The most flows a query may ask for (the PCE's limit).
    pub const MAX_RESULTS: u32 = 200_000;

    /// A query named `name` for every flow of the last day (any source, destination and
    /// service, every policy decision), at most 100,000 of them.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            start: None,
            end: None,
            sources: Side::default(),
            destinations: Side::default(),
            include_services: Vec::new(),
            exclude_services: Vec::new(),
            decisions: Vec::new(),
            max_results: 100_000,
        }
    }

    /// Flows seen from day `start` to day `end` (UTC; the PCE takes dates, its schemas'
    /// `format: date`). Default: yesterday and today.
    pub fn between(mut self, start: NaiveDate, end: NaiveDate) -> Self {
        self.start = Some(start);
        self.end = Some(end);
        self
    }

    /// Flows from `actor` (or from any other source added this way).
    pub fn source(mut self, actor: Actor) -> Self {
        self.sources.include.push(vec![actor]);
        self
    }

    /// Flows from what matches every one of `actors` (a label of each dimension, say).
    pub fn source_all(mut self, actors: impl IntoIterator<Item = Actor>) -> Self {
        self.sources.include.push(actors.into_iter().collect());
        self
    }

    /// No flow from `actor`.
    pub fn exclude_source(mut self, actor: Actor) -> Self {
        self.sources.exclude.push(actor);
        self
    }

    /// Flows to `actor` (or to any other destination added this way).
    pub fn destination(mut self, actor: Actor) -> Self {
        self.destinations.include.push(vec![actor]);
        self
    }

    /// Flows to what matches every one of `actors`.
    pub fn destination_all(mut self, actors: impl IntoIterator<Item = Actor>) -> Self {
        self.destinations.include.push(actors.into_iter().collect());
        self
    }

    /// No flow to `actor`.
    pub fn exclude_destination(mut self, actor: Actor) -> Self {
        self.destinations.exclude.push(actor);
        self
    }

    /// Flows to port `port` with IP protocol `proto` (6 TCP, 17 UDP), or to another
    /// service added this way.
    pub fn port(mut self, port: u16, proto: u8) -> Self {
        self.include_services
            .push(json!({"port": port, "proto": proto}));
        self
    }

    /// No flow to port `port` with protocol `proto`.
    pub fn exclude_port(mut self, port: u16, proto: u8) -> Self {
        self.exclude_services
            .push(json!({"port": port, "proto": proto}));
        self
    }

    /// Flows with this policy decision (or another added this way; none: all).
    pub fn decision(mut self, decision: PolicyDecision) -> Self {
        if !self.decisions.contains(&decision) {
            self.decisions.push(decision);
        }
        self
    }

    /// At most `max` flows (up to [`TrafficQuery::MAX_RESULTS`]).
    pub fn max_results(mut self, max: u32) -> Self {
        self.max_results = max.clamp(1, Self::MAX_RESULTS);
        self
    }

    /// The query's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The body of `POST /orgs/{org_id}/traffic_flows/async_queries`, the dates defaulting
    /// to yesterday and today.
    pub fn to_json(&self) -> Value {
        let today = DateTime::<Utc>::from(std::time::SystemTime::now()).date_naive();
        let end = self.end.unwrap_or(today);
        let start = self.start.unwrap_or(end - chrono::Days::new(1));
        let decisions: Vec<&str> = if self.decisions.is_empty() {
            vec!["allowed", "potentially_blocked", "blocked", "unknown"]
        } else {
            self.decisions.iter().map(|d| d.as_str()).collect()
        };
        json!({
            "query_name": self.name,
            "start_date": start.to_string(),
            "end_date": end.to_string(),
            "sources": self.sources.to_json(),
            "destinations": self.destinations.to_json(),
            "services": {"include": self.include_services, "exclude": self.exclude_services},
            "policy_decisions": decisions,
            "max_results": self.max_results,
        })
    }
}
