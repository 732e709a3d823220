//! A flow as a traffic query's download answers it (schema
//! `traffic_flows_async_queries_download_get`), read leniently: every field an `Option`,
//! what does not fit or is new kept in `extra`.

use illumio_pce_lenient::{object, Extra};

use crate::{Href, Timestamp};

/// One flow: who talked to whom, on what service, how often, and what policy says of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrafficFlow {
    /// The source.
    pub src: Option<Box<FlowEnd>>,
    /// The destination.
    pub dst: Option<Box<FlowEnd>>,
    /// The service (port, protocol, process).
    pub service: Option<Box<FlowService>>,
    /// How many connections the flow stands for.
    pub num_connections: Option<i64>,
    /// `allowed`, `potentially_blocked`, `blocked` or `unknown`.
    pub policy_decision: Option<String>,
    /// `inbound` or `outbound`.
    pub flow_direction: Option<String>,
    /// When it was first and last seen.
    pub timestamp_range: Option<Box<TimestampRange>>,
    /// The rest of what the PCE sent (`network`, `state`, `boundary_decision`, …).
    pub extra: Extra,
}
object!(TrafficFlow {
    0 src: "src",
    1 dst: "dst",
    2 service: "service",
    3 num_connections: "num_connections",
    4 policy_decision: "policy_decision",
    5 flow_direction: "flow_direction",
    6 timestamp_range: "timestamp_range"
});

/// One end of a flow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowEnd {
    /// Its address.
    pub ip: Option<String>,
    /// The workload at that address, when there is one.
    pub workload: Option<Box<FlowWorkload>>,
    /// The rest of what the PCE sent (`ip_lists`, `fqdn`, …).
    pub extra: Extra,
}
object!(FlowEnd { 0 ip: "ip", 1 workload: "workload" });

/// The workload at one end of a flow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowWorkload {
    /// Its href.
    pub href: Option<Href>,
    /// Its hostname.
    pub hostname: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Its labels, with their keys and values.
    pub labels: Option<Vec<FlowLabel>>,
    /// The rest of what the PCE sent.
    pub extra: Extra,
}
object!(FlowWorkload {
    0 href: "href",
    1 hostname: "hostname",
    2 name: "name",
    3 labels: "labels"
});

/// A label of a flow's workload.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowLabel {
    /// Its href.
    pub href: Option<Href>,
    /// Its key (`role`, `app`, `env`, `loc`, …).
    pub key: Option<String>,
    /// Its value.
    pub value: Option<String>,
    /// The rest of what the PCE sent.
    pub extra: Extra,
}
object!(FlowLabel { 0 href: "href", 1 key: "key", 2 value: "value" });

/// A flow's service.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowService {
    /// The destination port.
    pub port: Option<i64>,
    /// The IP protocol (6 TCP, 17 UDP).
    pub proto: Option<i64>,
    /// The process that used it.
    pub process_name: Option<String>,
    /// The Windows service that used it.
    pub windows_service_name: Option<String>,
    /// The rest of what the PCE sent.
    pub extra: Extra,
}
object!(FlowService {
    0 port: "port",
    1 proto: "proto",
    2 process_name: "process_name",
    3 windows_service_name: "windows_service_name"
});

/// When a flow was seen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimestampRange {
    /// First seen.
    pub first_detected: Option<Timestamp>,
    /// Last seen.
    pub last_detected: Option<Timestamp>,
    /// The rest of what the PCE sent.
    pub extra: Extra,
}
object!(TimestampRange {
    0 first_detected: "first_detected",
    1 last_detected: "last_detected"
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_flow_reads_with_its_workloads_and_labels() {
        let flow: TrafficFlow = serde_json::from_str(
            r#"{"src": {"ip": "172.16.15.120", "workload": {"hostname": "k8s-master", "name": null,
                 "href": "/orgs/1/workloads/bbae", "labels": [{"href": "/orgs/1/labels/55", "key": "app", "value": "K8sNode"}]}},
                "dst": {"ip": "10.85.235.227"}, "service": {"port": 8080, "proto": 6},
                "num_connections": 5374, "policy_decision": "allowed", "boundary_decision": null,
                "timestamp_range": {"first_detected": "2024-01-02T03:04:05Z", "last_detected": "soon"}}"#,
        )
        .expect("reads");
        let src = flow.src.as_ref().expect("a source");
        let workload = src.workload.as_ref().expect("a workload");
        assert_eq!(workload.hostname.as_deref(), Some("k8s-master"));
        let labels = workload.labels.as_ref().expect("labels");
        assert_eq!(labels[0].value.as_deref(), Some("K8sNode"));
        assert_eq!(flow.service.as_ref().and_then(|s| s.port), Some(8080));
        assert_eq!(flow.num_connections, Some(5374));
        let range = flow.timestamp_range.as_ref().expect("a range");
        assert!(range.first_detected.is_some());
        assert_eq!(range.extra["last_detected"], "soon", "kept as it came");
    }
}
