//! The person's own time zone, for the chats the directory does not know.
//!
//! In: the archive (the profile's location, the hours the person posts at). Out: a
//! [`Tz`], and the chats stage counts such a chat's weekday, hour and sessions in it, so a
//! chat held at 20:00 in Winnipeg reads "Wed 20:00" through the clock changes rather than
//! "Thu 02:00 UTC" half the year and "Thu 01:00 UTC" the other half.
//!
//! Rules, first that answers wins:
//! 1. **The profile's location** names a city of the time-zone database ("Winnipeg,
//!    Manitoba" -> America/Winnipeg; the database's own city names, so no list of cities
//!    is kept here), or a state, province or country with one main zone (the `REGIONS` table).
//!    A US state, Canadian province or Australian state may also be its postal code after
//!    a comma ("Littleton, Co").
//! 2. **The hours they post at**: people sleep. The quietest six hours of the day (UTC)
//!    are taken as 23:00-05:00 where the person lives (teachers rise early), which gives
//!    a fixed offset (`Etc/GMT+6`): within an hour or two, without summer time.
//! 3. Otherwise UTC.

use chrono::Timelike;
use chrono_tz::{TZ_VARIANTS, Tz};

use crate::model::Archive;

/// Regions with one main zone, as people write them in a profile: whole words, any case.
/// Only names that cannot be a city elsewhere.
const REGIONS: &[(&str, Tz)] = &[
    ("nsw", Tz::Australia__Sydney),
    ("new south wales", Tz::Australia__Sydney),
    ("victoria, australia", Tz::Australia__Melbourne),
    ("vic", Tz::Australia__Melbourne),
    ("queensland", Tz::Australia__Brisbane),
    ("qld", Tz::Australia__Brisbane),
    ("south australia", Tz::Australia__Adelaide),
    ("western australia", Tz::Australia__Perth),
    ("tasmania", Tz::Australia__Hobart),
    ("new zealand", Tz::Pacific__Auckland),
    ("aotearoa", Tz::Pacific__Auckland),
    ("uk", Tz::Europe__London),
    ("united kingdom", Tz::Europe__London),
    ("england", Tz::Europe__London),
    ("scotland", Tz::Europe__London),
    ("wales", Tz::Europe__London),
    ("northern ireland", Tz::Europe__London),
    ("ireland", Tz::Europe__Dublin),
    ("manitoba", Tz::America__Winnipeg),
    ("ontario", Tz::America__Toronto),
    ("quebec", Tz::America__Toronto),
    ("british columbia", Tz::America__Vancouver),
    ("bc", Tz::America__Vancouver),
    ("alberta", Tz::America__Edmonton),
    ("saskatchewan", Tz::America__Regina),
    ("nova scotia", Tz::America__Halifax),
    ("colorado", Tz::America__Denver),
    ("utah", Tz::America__Denver),
    ("arizona", Tz::America__Phoenix),
    ("california", Tz::America__Los_Angeles),
    ("washington state", Tz::America__Los_Angeles),
    ("oregon", Tz::America__Los_Angeles),
    ("texas", Tz::America__Chicago),
    ("illinois", Tz::America__Chicago),
    ("minnesota", Tz::America__Chicago),
    ("wisconsin", Tz::America__Chicago),
    ("iowa", Tz::America__Chicago),
    ("missouri", Tz::America__Chicago),
    ("new york", Tz::America__New_York),
    ("nyc", Tz::America__New_York),
    ("new jersey", Tz::America__New_York),
    ("pennsylvania", Tz::America__New_York),
    ("massachusetts", Tz::America__New_York),
    ("virginia", Tz::America__New_York),
    ("north carolina", Tz::America__New_York),
    ("georgia, usa", Tz::America__New_York),
    ("ohio", Tz::America__New_York),
    ("michigan", Tz::America__Detroit),
    ("florida", Tz::America__New_York),
    ("maryland", Tz::America__New_York),
];

/// Postal codes of states and provinces, as written after a comma ("Denver, CO").
/// Codes that are also common words or other places' codes (WA: Washington or Western
/// Australia) are left out.
const CODES: &[(&str, Tz)] = &[
    ("co", Tz::America__Denver),
    ("ut", Tz::America__Denver),
    ("az", Tz::America__Phoenix),
    ("ca", Tz::America__Los_Angeles),
    ("tx", Tz::America__Chicago),
    ("il", Tz::America__Chicago),
    ("mn", Tz::America__Chicago),
    ("wi", Tz::America__Chicago),
    ("ia", Tz::America__Chicago),
    ("mo", Tz::America__Chicago),
    ("ny", Tz::America__New_York),
    ("nj", Tz::America__New_York),
    ("pa", Tz::America__New_York),
    ("ma", Tz::America__New_York),
    ("va", Tz::America__New_York),
    ("nc", Tz::America__New_York),
    ("ga", Tz::America__New_York),
    ("oh", Tz::America__New_York),
    ("mi", Tz::America__Detroit),
    ("fl", Tz::America__New_York),
    ("md", Tz::America__New_York),
    ("mb", Tz::America__Winnipeg),
    ("on", Tz::America__Toronto),
    ("qc", Tz::America__Toronto),
    ("ab", Tz::America__Edmonton),
    ("sk", Tz::America__Regina),
    ("ns", Tz::America__Halifax),
    ("qld", Tz::Australia__Brisbane),
];

/// At least this many posts with a time of day before their hours say where they live.
const MIN_POSTS_FOR_HOURS: usize = 200;

/// The person's time zone (see the module's rules).
pub fn person_zone(archive: &Archive) -> Tz {
    archive
        .owner
        .location
        .as_deref()
        .and_then(zone_of_place)
        .or_else(|| zone_of_hours(archive))
        .unwrap_or(Tz::UTC)
}

/// The zone a profile's location names, if it names one.
pub fn zone_of_place(location: &str) -> Option<Tz> {
    let words = normalise(location);
    if words.trim().is_empty() {
        return None;
    }
    let has = |name: &str| format!(" {words} ").contains(&format!(" {name} "));
    // The time-zone database's cities, longest name first ("Los Angeles" before "Angeles").
    let mut best: Option<(usize, Tz)> = None;
    for tz in TZ_VARIANTS {
        let name = tz.name();
        if !is_city_zone(name) {
            continue;
        }
        let city = normalise(name.rsplit('/').next().unwrap_or(name));
        if city.len() >= 4 && has(&city) && best.is_none_or(|(n, _)| city.len() > n) {
            best = Some((city.len(), tz));
        }
    }
    // A state or country is surer than a city word, which may name another place
    // ("Victoria, BC" is not Melbourne's zone).
    let after_comma: Vec<String> = location.split(',').skip(1).map(normalise).collect();
    REGIONS
        .iter()
        .find(|(name, _)| has(&normalise(name)))
        .or_else(|| {
            CODES
                .iter()
                .find(|(code, _)| after_comma.iter().any(|p| p == code))
        })
        .map(|&(_, tz)| tz)
        .or(best.map(|(_, tz)| tz))
}

/// Whether a zone's name ends in a city people write in a profile: the continents'
/// `Area/City` zones, not `Etc/`, the old aliases (`US/Eastern`, `Australia/Victoria`),
/// three-part names (`America/Indiana/Petersburg`), small islands, nor cities named like
/// places elsewhere (`Europe/Jersey` would take "New Jersey").
fn is_city_zone(name: &str) -> bool {
    const AREAS: [&str; 5] = ["Africa", "America", "Asia", "Australia", "Europe"];
    const NOT_CITIES: [&str; 12] = [
        "Australia/ACT",
        "Australia/LHI",
        "Australia/NSW",
        "Australia/North",
        "Australia/Queensland",
        "Australia/South",
        "Australia/Tasmania",
        "Australia/Victoria",
        "Australia/West",
        "Australia/Yancowinna",
        "Europe/Jersey",
        "Europe/Guernsey",
    ];
    let parts: Vec<&str> = name.split('/').collect();
    (parts.len() == 2 && AREAS.contains(&parts[0]) && !NOT_CITIES.contains(&name))
        || matches!(name, "Pacific/Auckland" | "Pacific/Honolulu")
}

/// Lowercase words separated by single spaces (punctuation and underscores are spaces).
fn normalise(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A fixed-offset zone from the quietest six hours of the person's day.
fn zone_of_hours(archive: &Archive) -> Option<Tz> {
    let mut per_hour = [0usize; 24];
    let mut timed = 0;
    for post in &archive.posts {
        let t = post.created_at.time();
        // Old exports give many posts a date only (00:00:00): no hour to learn from.
        if t.num_seconds_from_midnight() == 0 {
            continue;
        }
        per_hour[t.hour() as usize] += 1;
        timed += 1;
    }
    if timed < MIN_POSTS_FOR_HOURS {
        return None;
    }
    let posts_in = |start: usize, hours: usize| {
        (0..hours)
            .map(|k| per_hour[(start + k) % 24])
            .sum::<usize>()
    };
    // The quietest six hours; among equally quiet ones, the one in the middle of the
    // quiet (the least busy ten hours around it).
    let quiet_start = (0..24)
        .min_by_key(|&h| (posts_in(h, 6), posts_in(h + 22, 10)))
        .unwrap_or(0) as i32;
    // The quiet hours start at about 23:00 local: UTC offset = 23 - their UTC start.
    let offset = (23 - quiet_start + 36).rem_euclid(24) - 12;
    // Etc/GMT+N is N hours *behind* UTC (POSIX signs).
    format!("Etc/GMT{:+}", -offset)
        .replace("GMT+0", "GMT")
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{post, utc};

    #[test]
    fn a_profile_location_names_the_zone() {
        let cases = [
            ("Winnipeg, Manitoba, Canada", Tz::America__Winnipeg),
            ("Denver, CO", Tz::America__Denver),
            ("Littleton, Co", Tz::America__Denver),
            ("Melbourne, Australia", Tz::Australia__Melbourne),
            ("Sydney NSW", Tz::Australia__Sydney),
            ("Blue Mountains, NSW", Tz::Australia__Sydney),
            ("Vancouver, BC", Tz::America__Vancouver),
            ("Los Angeles", Tz::America__Los_Angeles),
            ("somewhere in Scotland", Tz::Europe__London),
            ("Victoria, British Columbia", Tz::America__Vancouver),
            ("Newark, New Jersey", Tz::America__New_York),
        ];
        for (place, tz) in cases {
            assert_eq!(zone_of_place(place), Some(tz), "{place}");
        }
        assert_eq!(zone_of_place("the internet"), None);
        assert_eq!(zone_of_place(""), None);
    }

    #[test]
    fn the_quiet_hours_give_an_offset() {
        // Someone who posts from 11:00 to 02:59 UTC, that is 07:00 to 22:59 at UTC-4.
        let mut archive = Archive::default();
        for day in 1..=20 {
            for hour in (11..24).chain(0..3) {
                let id = format!("{day}-{hour}");
                archive
                    .posts
                    .push(post(&id, utc(2021, 3, day, hour, 30), "x"));
            }
        }
        let tz = zone_of_hours(&archive).unwrap();
        assert_eq!(tz.name(), "Etc/GMT+4");
        assert_eq!(
            zone_of_hours(&Archive::default()),
            None,
            "too few posts to say"
        );
    }
}
