//! Calendar dates as stored ('YYYY-MM-DD') and shown in French.

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const WEEKDAYS: [&str; 7] = [
    "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
];

/// A valid Gregorian calendar date.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses 'YYYY-MM-DD', refusing impossible dates such as 2026-02-30.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= date.days_in_month()).then_some(date)
    }

    fn days_in_month(self) -> u32 {
        match self.month {
            2 if (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// 0 = Sunday … 6 = Saturday (Sakamoto's method).
    pub fn weekday(self) -> usize {
        const OFFSETS: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if self.month < 3 {
            self.year - 1
        } else {
            self.year
        };
        let w =
            (y + y / 4 - y / 100 + y / 400 + OFFSETS[self.month as usize - 1] + self.day as i32)
                % 7;
        w.rem_euclid(7) as usize
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (`civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date of a Unix-millisecond instant, in UTC.
    pub fn from_unix_ms(ms: i64) -> Date {
        Date::from_days(ms.div_euclid(86_400_000))
    }

    /// The calendar date in Paris at a Unix-millisecond instant.
    pub fn paris_from_unix_ms(ms: i64) -> Date {
        Date::from_unix_ms(ms + paris_offset_ms(ms))
    }

    /// The instant of `hh:mm` on this day in Paris.
    pub fn paris_instant(self, hours: u32, minutes: u32) -> i64 {
        let local = self.to_days() * 86_400_000 + i64::from(hours * 60 + minutes) * 60_000;
        local - paris_offset_ms(local - 3_600_000)
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// "jeudi 26 novembre 2026".
    pub fn long_fr(self) -> String {
        let day = if self.day == 1 {
            "1er".to_string()
        } else {
            self.day.to_string()
        };
        format!(
            "{} {day} {} {}",
            WEEKDAYS[self.weekday()],
            MONTHS[self.month as usize - 1],
            self.year
        )
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Paris's offset from UTC at an instant: UTC+1, or UTC+2 from the last Sunday of March
/// to the last Sunday of October (changes at 01:00 UTC).
fn paris_offset_ms(ms: i64) -> i64 {
    let utc = Date::from_unix_ms(ms);
    let last_sunday = |month: u32| {
        let last = Date::from_days(
            Date {
                year: utc.year,
                month: month + 1,
                day: 1,
            }
            .to_days()
                - 1,
        );
        // weekday() counts from Sunday (0).
        last.to_days() - last.weekday() as i64
    };
    let hour_ms = 3_600_000;
    let summer_start = last_sunday(3) * 86_400_000 + hour_ms;
    let summer_end = last_sunday(10) * 86_400_000 + hour_ms;
    if (summer_start..summer_end).contains(&ms) {
        2 * hour_ms
    } else {
        hour_ms
    }
}

/// An instant as Paris reads it: "mardi 3 novembre 2026 à 10 h 00".
pub fn paris_time_fr(ms: i64) -> String {
    let local = ms + paris_offset_ms(ms);
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    format!(
        "{} à {} h {:02}",
        Date::from_unix_ms(local).long_fr(),
        minutes / 60,
        minutes % 60
    )
}

/// An instant as Paris reads it, for a spreadsheet: "2026-12-03 10:02".
pub fn paris_datetime(ms: i64) -> String {
    let local = ms + paris_offset_ms(ms);
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    format!(
        "{} {:02}:{:02}",
        Date::from_unix_ms(local),
        minutes / 60,
        minutes % 60
    )
}

/// Formats a stored date in French, or returns it unchanged when it cannot be read.
pub fn long_fr(text: &str) -> String {
    Date::parse(text).map_or_else(|| text.to_string(), Date::long_fr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_times_round_trip_in_winter_and_summer() {
        let winter = Date::parse("2026-11-03").unwrap().paris_instant(10, 0);
        assert_eq!(winter % 86_400_000, 9 * 3_600_000);
        assert_eq!(paris_time_fr(winter), "mardi 3 novembre 2026 à 10 h 00");
        let summer = Date::parse("2026-07-01").unwrap().paris_instant(9, 30);
        assert_eq!(summer % 86_400_000, 7 * 3_600_000 + 30 * 60_000);
        assert_eq!(paris_time_fr(summer), "mercredi 1er juillet 2026 à 9 h 30");
    }

    #[test]
    fn paris_dates_follow_summer_time() {
        let at = |date: &str, hour: i64| {
            Date::parse(date).unwrap().to_days() * 86_400_000 + hour * 3_600_000
        };
        // Winter: UTC+1, so 23:30 UTC is already the next day in Paris.
        assert_eq!(
            Date::paris_from_unix_ms(at("2026-12-01", 23)).to_string(),
            "2026-12-02"
        );
        assert_eq!(
            Date::paris_from_unix_ms(at("2026-12-01", 22)).to_string(),
            "2026-12-01"
        );
        // Summer: UTC+2 (2026-03-29 and 2026-10-25 are the last Sundays).
        assert_eq!(
            Date::paris_from_unix_ms(at("2026-07-01", 22)).to_string(),
            "2026-07-02"
        );
        assert_eq!(
            Date::paris_from_unix_ms(at("2026-03-28", 22)).to_string(),
            "2026-03-28"
        );
        assert_eq!(
            Date::paris_from_unix_ms(at("2026-03-29", 22)).to_string(),
            "2026-03-30"
        );
        assert_eq!(
            Date::paris_from_unix_ms(at("2026-10-25", 22)).to_string(),
            "2026-10-25"
        );
    }

    #[test]
    fn parses_and_formats_in_french() {
        let date = Date::parse("2026-11-26").unwrap();
        assert_eq!(date.long_fr(), "jeudi 26 novembre 2026");
        assert_eq!(date.to_string(), "2026-11-26");
        assert_eq!(
            Date::parse("2024-02-29").unwrap().long_fr(),
            "jeudi 29 février 2024"
        );
        assert_eq!(
            Date::parse("2027-01-01").unwrap().long_fr(),
            "vendredi 1er janvier 2027"
        );
    }

    #[test]
    fn day_arithmetic_round_trips() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        let date = Date::parse("2024-02-28").unwrap();
        assert_eq!(date.add_days(1).to_string(), "2024-02-29");
        assert_eq!(date.add_days(2).to_string(), "2024-03-01");
        assert_eq!(
            Date::parse("2026-11-22")
                .unwrap()
                .add_days(-365)
                .to_string(),
            "2025-11-22"
        );
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(
            Date::from_unix_ms(1_795_000_000_000).to_string(),
            "2026-11-18"
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "demain",
            "2026-11",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}
