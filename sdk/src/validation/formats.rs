//! How `format`s are judged: as the reference validator, Python's `jsonschema` (4.26, with
//! `fqdn`, `rfc3339-validator` and `rfc3986-validator` beside it), judges them in draft-04, so
//! that a verdict here is the one it gives.
//!
//! Of the formats Draft 4 defines, `date-time` is RFC 3339 with a real calendar day and
//! seconds up to 59; an `email` is any text with an `@`; `hostname`, `ipv4`, `ipv6` and `uri`
//! are the `jsonschema` crate's own.
//! A format Draft 4 does not define (`date`, `time`, `uuid`, `url`, all used in PCE schemas)
//! checks nothing.

/// Draft-04 options with the formats judged as the reference validator judges them.
pub(super) fn draft4() -> jsonschema::ValidationOptions<'static> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .with_format("date-time", date_time)
        .with_format("email", |s: &str| s.contains('@'))
        .with_format("idn-email", |s: &str| s.contains('@'))
        .with_format("date", |_: &str| true)
        .with_format("time", |_: &str| true)
        .with_format("uuid", |_: &str| true)
        .with_format("url", |_: &str| true)
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS`, an optional fraction, `Z` or an offset; `T`
/// and `Z` in either case; a day that exists; hours to 23, minutes and seconds to 59.
fn date_time(text: &str) -> bool {
    // Python's `$` also matches before a final newline.
    let text = text.strip_suffix('\n').unwrap_or(text);
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let at = |index: usize, options: &[u8]| {
        bytes
            .get(index)
            .is_some_and(|b| options.contains(&b.to_ascii_uppercase()))
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return false;
    };
    if !(at(4, b"-") && at(7, b"-") && at(10, b"T") && at(13, b":") && at(16, b":")) {
        return false;
    }
    if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
        return false;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let number = |part: &str| {
                part.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| part.parse::<u32>().ok())
                    .flatten()
            };
            matches!((number(&rest[1..3]), number(&rest[4..6])), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        _ => false,
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_are_judged_as_the_reference_validator_judges_them() {
        for valid in [
            "2024-01-01T00:00:00Z",
            "2024-02-29t23:59:59.123z",
            "2021-07-31T10:00:00+05:30",
            "2024-01-01T00:00:00Z\n",
        ] {
            assert!(date_time(valid), "{valid:?}");
        }
        for invalid in [
            "2024-01-01T23:59:60Z",
            "2023-02-29T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00.Z",
            "0000-01-01T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T00:00:00+24:00",
            "２０２４-01-01T00:00:00Z",
        ] {
            assert!(!date_time(invalid), "{invalid:?}");
        }
    }
}
