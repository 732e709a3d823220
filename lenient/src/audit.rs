//! Which values did not fit their field while decoding (the `audit` feature): for tools that
//! measure how far a PCE's answers depart from their schemas. Off by default; scoped to one
//! call on one thread.

use std::cell::RefCell;

thread_local! {
    static UNFIT: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Runs `decode` and returns its result with the name of every property whose value did not
/// fit its field (kept in `extra`), in the order met, at any depth.
///
/// ```
/// #[derive(Debug, Default, PartialEq, Clone)]
/// pub struct Label {
///     pub value: Option<String>,
///     pub extra: illumio_pce_lenient::Extra,
/// }
/// illumio_pce_lenient::object!(Label { 0 value: "value" });
///
/// let (label, unfit) = illumio_pce_lenient::audit(|| {
///     serde_json::from_str::<Label>(r#"{"value": 7}"#)
/// });
/// assert!(label.is_ok());
/// assert_eq!(unfit, ["value"]);
/// ```
pub fn audit<R>(decode: impl FnOnce() -> R) -> (R, Vec<String>) {
    let outer = UNFIT.with(|unfit| unfit.borrow_mut().replace(Vec::new()));
    let result = decode();
    let found = UNFIT.with(|unfit| std::mem::replace(&mut *unfit.borrow_mut(), outer));
    (result, found.unwrap_or_default())
}

/// Records that property `name` did not fit, when an audit is running.
pub(crate) fn unfit(name: &str) {
    UNFIT.with(|unfit| {
        if let Some(found) = unfit.borrow_mut().as_mut() {
            found.push(name.to_owned());
        }
    });
}
