//! The `.ics` invitation attached to the reminder of the immersion day (RFC 5545): one
//! event, in UTC so that no time-zone definition has to travel with it.

use super::date::Date;

/// When the day starts and ends without a programme (or with one item only).
const DEFAULT_START: (u32, u32) = (9, 0);
const DEFAULT_END: (u32, u32) = (17, 0);

/// One immersion day in a calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    /// Stable for the pair: a second invitation replaces the first in the calendar.
    pub uid: String,
    pub day: Date,
    /// The times of the programme's items ("09:30"), in order.
    pub times: Vec<String>,
    pub summary: String,
    pub location: String,
    pub description: String,
    /// When the invitation is written (Unix milliseconds).
    pub stamp_ms: i64,
}

fn time_of(text: &str) -> Option<(u32, u32)> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours < 24 && minutes < 60).then_some((hours, minutes))
}

fn utc(ms: i64) -> String {
    let day = Date::from_unix_ms(ms);
    let seconds = ms.rem_euclid(86_400_000) / 1000;
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        day.year,
        day.month,
        day.day,
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// A text value: backslash, semicolon, comma and line breaks escaped.
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// A content line folded at 75 octets (never inside a character), ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

impl Invitation {
    /// Starts at the programme's first item; ends an hour after its last one (when it
    /// has two or more), otherwise at the usual end of a working day (or an hour after a
    /// late start).
    fn hours(&self) -> ((u32, u32), (u32, u32)) {
        let times: Vec<(u32, u32)> = self.times.iter().filter_map(|t| time_of(t)).collect();
        let start = times.first().copied().unwrap_or(DEFAULT_START);
        let an_hour_after = |(h, m): (u32, u32)| ((h + 1).min(23), if h >= 23 { 59 } else { m });
        let end = match times.last() {
            Some(&last) if times.len() > 1 && last > start => an_hour_after(last),
            _ => DEFAULT_END.max(an_hour_after(start)),
        };
        (start, end)
    }

    pub fn to_ics(&self) -> String {
        let ((start_h, start_m), (end_h, end_m)) = self.hours();
        let mut out = String::new();
        for content in [
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".into(),
            "PRODID:-//Vis mon job//Journee d'immersion//FR".into(),
            "CALSCALE:GREGORIAN".into(),
            "METHOD:PUBLISH".into(),
            "BEGIN:VEVENT".into(),
            format!("UID:{}", self.uid),
            format!("DTSTAMP:{}", utc(self.stamp_ms)),
            format!("DTSTART:{}", utc(self.day.paris_instant(start_h, start_m))),
            format!("DTEND:{}", utc(self.day.paris_instant(end_h, end_m))),
            format!("SUMMARY:{}", text(&self.summary)),
            format!("LOCATION:{}", text(&self.location)),
            format!("DESCRIPTION:{}", text(&self.description)),
            "END:VEVENT".into(),
            "END:VCALENDAR".into(),
        ] {
            line(&mut out, &content);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Invitation {
        Invitation {
            uid: "binome-7-1@vismonjob".into(),
            day: Date::parse("2026-06-12").expect("date"),
            times: vec!["09:30".into(), "14:00".into()],
            summary: "Journée d'immersion, Vis mon job".into(),
            location: "20 avenue de Ségur, 75007 Paris".into(),
            description: "09:30 Accueil; café\n14:00 Revue de code".into(),
            stamp_ms: 0,
        }
    }

    #[test]
    fn the_event_runs_from_the_first_item_to_an_hour_after_the_last_in_utc() {
        let ics = day().to_ics();
        // Paris is at UTC+2 in June.
        assert!(ics.contains("\r\nDTSTART:20260612T073000Z\r\n"), "{ics}");
        assert!(ics.contains("\r\nDTEND:20260612T130000Z\r\n"), "{ics}");
        assert!(ics.contains("\r\nDTSTAMP:19700101T000000Z\r\n"));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn a_single_late_item_still_lasts_an_hour() {
        let mut invitation = day();
        invitation.times = vec!["18:00".into()];
        let ics = invitation.to_ics();
        assert!(ics.contains("DTSTART:20260612T160000Z"), "{ics}");
        assert!(ics.contains("DTEND:20260612T170000Z"), "{ics}");
    }

    #[test]
    fn without_a_programme_the_day_is_nine_to_five() {
        let mut invitation = day();
        invitation.times.clear();
        invitation.day = Date::parse("2026-01-15").expect("date");
        let ics = invitation.to_ics();
        assert!(ics.contains("DTSTART:20260115T080000Z"), "{ics}");
        assert!(ics.contains("DTEND:20260115T160000Z"), "{ics}");
    }

    #[test]
    fn text_is_escaped_and_long_lines_folded_without_splitting_a_character() {
        let mut invitation = day();
        invitation.description = "é".repeat(100);
        let ics = invitation.to_ics();
        assert!(ics.contains("LOCATION:20 avenue de Ségur\\, 75007 Paris\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}\r\n", "é".repeat(100))));
        let mut escaped = day();
        escaped.description = "a;b,c\\d\ne".into();
        assert!(escaped
            .to_ics()
            .contains("DESCRIPTION:a\\;b\\,c\\\\d\\ne\r\n"));
    }
}
