//! The 10,000-item `optional_features_put` payload the benchmarks share: the criterion
//! benches build it in memory, and the `bench_compare` example writes it to a file so that
//! `bench/compare.sh` gives Python and Rust byte-identical input.

/// Feature names of the latest release, as a PCE client would send them.
const NAMES: [&str; 6] = [
    "labels_editing_warning_for_enforcement_mode",
    "per_rule_flow_log_setting",
    "windows_outbound_process_enforcement",
    "ransomware_readiness_dashboard",
    "editable_dns_client_rule",
    "rule_info_exposure_to_syslog",
];

/// The number of toggles in the benchmark payload (about 640 KB).
pub const ITEMS: usize = 10_000;

/// A valid `optional_features_put` body of `items` toggles, one in six of the keyed kind.
pub fn optional_features_put(items: usize) -> Vec<u8> {
    let toggles: Vec<String> = (0..items)
        .map(|i| {
            let name = NAMES[i % NAMES.len()];
            let key = if name.starts_with("editable") {
                r#","key":"0123456789""#
            } else {
                ""
            };
            format!(r#"{{"name":"{name}","enabled":{}{key}}}"#, i % 2 == 0)
        })
        .collect();
    format!("[{}]", toggles.join(",")).into_bytes()
}
