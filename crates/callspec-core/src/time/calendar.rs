//! The proleptic Gregorian calendar both timestamp formats check against: month lengths, days
//! since the Unix epoch, weekdays, and the one rule for leap seconds.

/// Whether `year` is a leap year; only `year % 400` matters.
pub(super) fn is_leap_year(year: u64) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// Days in `month` (1-12) of `year`; 0 for a month that does not exist.
pub(super) fn days_in_month(year: u64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to `year-month-day` (Howard Hinnant's `days_from_civil`).
pub(super) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub(super) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The weekday of a day counted from 1970-01-01: 0 is Monday, 6 is Sunday.
pub(super) fn weekday(days: i64) -> u32 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7) as u32
}

/// The year with the same calendar as `year_mod_400` (the Gregorian calendar repeats every 400
/// years, a whole number of weeks), so any year, however long, can be checked.
pub(super) fn cycle_year(year_mod_400: u32) -> i64 {
    2000 + i64::from(year_mod_400)
}

/// The leap-second rule of both timestamp formats: a second `60` is allowed only at 23:59:60 UTC
/// on the last day of a month (RFC 3339 section 5.7: "at the end of months in which a leap
/// second occurs"; ITU-R TF.460-6 allows any month's end), whatever the offset it is written in.
/// `year` may be a cycle year; the rule only depends on the calendar.
pub(super) fn leap_second_allowed(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    offset_seconds: i32,
) -> bool {
    let local = days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3_600
        + i64::from(minute) * 60
        + 59;
    let utc = local - i64::from(offset_seconds);
    if utc.rem_euclid(86_400) != 86_399 {
        return false;
    }
    let (y, m, d) = civil_from_days(utc.div_euclid(86_400));
    d == days_in_month(y.rem_euclid(400) as u64, m)
}

/// Seconds from the Unix epoch of a local date and time written at `offset_seconds`, a leap
/// second `:60` read as `:59`; `None` when it does not fit in an `i64`.
pub(super) fn unix_seconds(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    offset_seconds: i32,
) -> Option<i64> {
    let days = i128::from(days_from_civil(year, month, day));
    let secs = days * 86_400
        + i128::from(hour) * 3_600
        + i128::from(minute) * 60
        + i128::from(second.min(59))
        - i128::from(offset_seconds);
    i64::try_from(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips() {
        for days in [-800_000, -1, 0, 1, 10_957, 2_932_896, 2_932_897] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(weekday(days_from_civil(2017, 4, 21)), 4, "a Friday");
    }

    #[test]
    fn leap_seconds_fall_at_the_end_of_a_utc_month() {
        assert!(leap_second_allowed(2016, 12, 31, 23, 59, 0));
        assert!(leap_second_allowed(2015, 6, 30, 23, 59, 0));
        assert!(leap_second_allowed(2016, 12, 31, 15, 59, -8 * 3600));
        assert!(leap_second_allowed(2017, 1, 1, 0, 59, 3600));
        assert!(leap_second_allowed(2019, 2, 28, 23, 59, 0));
        assert!(!leap_second_allowed(2016, 12, 30, 23, 59, 0));
        assert!(!leap_second_allowed(2016, 12, 31, 23, 58, 0));
        assert!(!leap_second_allowed(2016, 12, 31, 23, 59, 3600));
        assert!(!leap_second_allowed(2020, 2, 28, 23, 59, 0));
    }
}
