//! One thing a request uses that the PCE's release does not have: what
//! `Error::NotInRelease` carries.

use std::fmt;

/// An operation, a property, an enum value or a shape a request uses and the PCE's release
/// does not have.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReleaseGap {
    /// What it is, for a person: `` `all_ips_except_for_in_consumers` ``, `` the value
    /// `"x"` ``, `` `POST /orgs/{org_id}/inactive_ven_cleanup_schedules` ``.
    pub what: String,
    /// JSON pointer of the value in the body, for what the body holds.
    pub pointer: Option<String>,
    /// The first release of the client's that has it.
    pub since: String,
}

impl fmt::Display for ReleaseGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.what)?;
        if let Some(pointer) = &self.pointer {
            write!(f, " (`{pointer}`)")?;
        }
        write!(f, " is new in {}", self.since)
    }
}
