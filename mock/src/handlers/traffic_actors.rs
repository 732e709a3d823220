//! Which flow ends a traffic query's `sources` and `destinations` select. A side is
//! `{"include": [[actor, …], …], "exclude": [actor, …]}`: an end is included when every actor
//! of one inner array matches it (an empty `include` includes every end), and left out when
//! any `exclude` actor matches it.
//!
//! An actor is a `label`, `label_group` (its `labels`), `workload` or `ip_list` by `href`, an
//! `ip_address`, or `{"actors": "ams"}` (any workload). An IP list matches the addresses in
//! its `ip_ranges` (`from_ip` alone, a CIDR, or `from_ip`..=`to_ip`), its `exclusion` ranges
//! left out; an IP list or label group the mock does not store matches nothing, as does an
//! actor of another kind.

use std::net::IpAddr;

use serde_json::Value;

use crate::state::Store;

/// Whether the query side `side` selects `end` (`{"ip", "workload"?: {"href", "labels"}}`).
pub(crate) fn selects(store: &Store, side: &Value, end: &Value) -> bool {
    let included = match side["include"].as_array() {
        Some(groups) if !groups.is_empty() => groups.iter().any(|group| match group {
            Value::Array(all) => all.iter().all(|actor| matches(store, actor, end)),
            actor => matches(store, actor, end),
        }),
        _ => true,
    };
    let excluded = side["exclude"]
        .as_array()
        .is_some_and(|actors| actors.iter().any(|actor| matches(store, actor, end)));
    included && !excluded
}

/// Whether the query side `side` names any actor (`[[]]`, one empty group, names none).
pub(crate) fn names_actors(side: &Value) -> bool {
    let named = |list: &Value| {
        list.as_array().is_some_and(|items| {
            items.iter().any(|item| match item {
                Value::Array(group) => !group.is_empty(),
                _ => true,
            })
        })
    };
    named(&side["include"]) || named(&side["exclude"])
}

/// Whether `actor` matches `end`.
fn matches(store: &Store, actor: &Value, end: &Value) -> bool {
    let workload = &end["workload"];
    let has_label = |href: &str| {
        workload["labels"]
            .as_array()
            .is_some_and(|labels| labels.iter().any(|label| label["href"] == href))
    };
    if let Some(href) = actor["label"]["href"].as_str() {
        has_label(href)
    } else if let Some(href) = actor["label_group"]["href"].as_str() {
        stored(store, href)
            .and_then(|group| group["labels"].as_array())
            .is_some_and(|labels| {
                labels
                    .iter()
                    .filter_map(|label| label["href"].as_str())
                    .any(has_label)
            })
    } else if let Some(href) = actor["workload"]["href"].as_str() {
        workload["href"] == href
    } else if let Some(address) = actor["ip_address"].as_str() {
        end["ip"] == address
    } else if let Some(href) = actor["ip_list"]["href"].as_str() {
        let ip = end["ip"].as_str().and_then(|ip| ip.parse().ok());
        match (stored(store, href), ip) {
            (Some(list), Some(ip)) => in_ip_list(list, ip),
            _ => false,
        }
    } else {
        actor["actors"] == "ams" && workload.is_object()
    }
}

/// The object stored at `href`, or at its draft href for an active one (the mock keeps
/// policy objects as drafts until they are provisioned).
fn stored<'a>(store: &'a Store, href: &str) -> Option<&'a Value> {
    store.objects.get(href).or_else(|| {
        let draft = href.replacen("/sec_policy/active/", "/sec_policy/draft/", 1);
        store.objects.get(&draft)
    })
}

/// Whether the IP list `list` holds `ip`.
fn in_ip_list(list: &Value, ip: IpAddr) -> bool {
    let ranges = list["ip_ranges"].as_array().map_or(&[][..], Vec::as_slice);
    let holds = |exclusion: bool| {
        ranges
            .iter()
            .filter(|range| range["exclusion"].as_bool().unwrap_or(false) == exclusion)
            .any(|range| in_range(range, ip))
    };
    holds(false) && !holds(true)
}

/// Whether the IP range `range` (`from_ip`, a CIDR or an address, and `to_ip`) holds `ip`.
fn in_range(range: &Value, ip: IpAddr) -> bool {
    let Some(from) = range["from_ip"].as_str() else {
        return false;
    };
    let (address, prefix) = match from.split_once('/') {
        Some((address, bits)) => (address, bits.parse::<u32>().ok()),
        None => (from, None),
    };
    let Ok(first) = address.parse::<IpAddr>() else {
        return false;
    };
    let to = range["to_ip"]
        .as_str()
        .and_then(|to| to.parse::<IpAddr>().ok());
    match (first, ip) {
        (IpAddr::V4(first), IpAddr::V4(ip)) => {
            let last = match to {
                Some(IpAddr::V4(to)) => Some(u128::from(u32::from(to))),
                _ => None,
            };
            within(
                u128::from(u32::from(first)),
                last,
                prefix,
                32,
                u128::from(u32::from(ip)),
            )
        }
        (IpAddr::V6(first), IpAddr::V6(ip)) => {
            let last = match to {
                Some(IpAddr::V6(to)) => Some(u128::from(to)),
                _ => None,
            };
            within(u128::from(first), last, prefix, 128, u128::from(ip))
        }
        _ => false,
    }
}

/// Whether `ip` is in `first..=last`, or in the network of `first` with `prefix` of `bits`
/// bits, or is `first`.
fn within(first: u128, last: Option<u128>, prefix: Option<u32>, bits: u32, ip: u128) -> bool {
    match (last, prefix) {
        (Some(last), _) => (first..=last).contains(&ip),
        (None, Some(prefix)) if prefix <= bits => {
            let host = bits - prefix;
            host >= 128 || (first >> host) == (ip >> host)
        }
        (None, Some(_)) => false,
        (None, None) => first == ip,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ip_ranges_hold_their_networks_and_not_their_exclusions() {
        let list = json!({"ip_ranges": [
            {"from_ip": "10.0.0.0/8"},
            {"from_ip": "10.9.0.0/16", "exclusion": true},
            {"from_ip": "192.168.1.10", "to_ip": "192.168.1.20"},
            {"from_ip": "2001:db8::/32"},
            {"from_ip": "0.0.0.0/0", "exclusion": false}
        ]});
        let list_of = |ranges: &[Value]| json!({"ip_ranges": ranges});
        let holds = |list: &Value, ip: &str| in_ip_list(list, ip.parse().expect("an address"));
        assert!(holds(&list, "10.1.2.3"));
        assert!(!holds(&list, "10.9.2.3"));
        assert!(holds(&list, "2001:db8::1"));
        assert!(!holds(&list, "2001:db9::1"));
        let narrow = list_of(&[json!({"from_ip": "192.168.1.10", "to_ip": "192.168.1.20"})]);
        assert!(holds(&narrow, "192.168.1.15"));
        assert!(!holds(&narrow, "192.168.1.21"));
        assert!(!holds(
            &list_of(&[json!({"from_ip": "10.0.0.1"})]),
            "10.0.0.2"
        ));
    }

    #[test]
    fn one_empty_group_names_no_actor() {
        assert!(!names_actors(&json!({"include": [[]], "exclude": []})));
        assert!(names_actors(
            &json!({"include": [[]], "exclude": [{"ip_address": "10.0.0.1"}]})
        ));
        assert!(names_actors(&json!({"include": [[{"actors": "ams"}]]})));
    }
}
