//! A directory of crisis lines people must always be able to share: the
//! detector never treats these numbers, or e-mail addresses at these
//! services' domains, as off-site contact. Each entry names its service and
//! the page it was taken from; staff add local lines with
//! `--allowed-number` (see the README).
//!
//! Entries were checked against each service's own site (the `source`) in
//! December 2026. Numbers change: a wrong entry here only means a number is
//! held for review instead of passing, never the other way round.

/// How a line is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Phone,
    Text,
    Email,
}

/// One crisis line.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// ISO 3166 code, or "EU" for numbers valid across Europe.
    pub country: &'static str,
    pub service: &'static str,
    pub channel: Channel,
    /// As the service writes it.
    pub contact: &'static str,
    pub source: &'static str,
}

const fn line(
    channel: Channel,
    country: &'static str,
    service: &'static str,
    contact: &'static str,
    source: &'static str,
) -> Line {
    Line {
        country,
        service,
        channel,
        contact,
        source,
    }
}

const fn phone(c: &'static str, s: &'static str, n: &'static str, src: &'static str) -> Line {
    line(Channel::Phone, c, s, n, src)
}

const fn text(c: &'static str, s: &'static str, n: &'static str, src: &'static str) -> Line {
    line(Channel::Text, c, s, n, src)
}

const fn email(c: &'static str, s: &'static str, a: &'static str, src: &'static str) -> Line {
    line(Channel::Email, c, s, a, src)
}

/// The directory.
pub const LINES: &[Line] = &[
    phone(
        "US",
        "988 Suicide & Crisis Lifeline",
        "988",
        "https://988lifeline.org",
    ),
    text(
        "US",
        "988 Suicide & Crisis Lifeline",
        "988",
        "https://988lifeline.org",
    ),
    phone(
        "US",
        "Lifeline (former number)",
        "1-800-273-8255",
        "https://988lifeline.org",
    ),
    text(
        "US",
        "Crisis Text Line",
        "741741",
        "https://www.crisistextline.org",
    ),
    phone(
        "US",
        "The Trevor Project",
        "1-866-488-7386",
        "https://www.thetrevorproject.org",
    ),
    text(
        "US",
        "The Trevor Project",
        "678-678",
        "https://www.thetrevorproject.org",
    ),
    phone(
        "US",
        "Trans Lifeline",
        "877-565-8860",
        "https://translifeline.org",
    ),
    phone(
        "US",
        "Childhelp National Child Abuse Hotline",
        "1-800-422-4453",
        "https://www.childhelphotline.org",
    ),
    phone(
        "US",
        "National Domestic Violence Hotline",
        "1-800-799-7233",
        "https://www.thehotline.org",
    ),
    phone(
        "US",
        "RAINN Sexual Assault Hotline",
        "1-800-656-4673",
        "https://www.rainn.org",
    ),
    phone("US", "Emergency", "911", "https://www.911.gov"),
    phone("GB", "Samaritans", "116 123", "https://www.samaritans.org"),
    email(
        "GB",
        "Samaritans",
        "jo@samaritans.org",
        "https://www.samaritans.org",
    ),
    phone(
        "GB",
        "Samaritans (former number)",
        "08457 90 90 90",
        "https://www.samaritans.org",
    ),
    text("GB", "Shout", "85258", "https://giveusashout.org"),
    phone(
        "GB",
        "Childline",
        "0800 1111",
        "https://www.childline.org.uk",
    ),
    phone(
        "GB",
        "Papyrus HOPELINE247",
        "0800 068 4141",
        "https://www.papyrus-uk.org",
    ),
    phone("GB", "CALM", "0800 58 58 58", "https://www.thecalmzone.net"),
    phone(
        "GB",
        "Mind Infoline",
        "0300 123 3393",
        "https://www.mind.org.uk",
    ),
    phone(
        "GB",
        "National Domestic Abuse Helpline",
        "0808 2000 247",
        "https://www.nationaldahelpline.org.uk",
    ),
    phone("GB", "NHS 111", "111", "https://111.nhs.uk"),
    phone("GB", "Emergency", "999", "https://www.nhs.uk"),
    phone(
        "IE",
        "Samaritans Ireland",
        "116 123",
        "https://www.samaritans.org/ireland",
    ),
    text("IE", "Text About It", "50808", "https://text50808.ie"),
    phone("IE", "Pieta", "1800 247 247", "https://www.pieta.ie"),
    phone(
        "IE",
        "Childline Ireland",
        "1800 66 66 66",
        "https://www.childline.ie",
    ),
    phone(
        "CA",
        "9-8-8 Suicide Crisis Helpline",
        "988",
        "https://988.ca",
    ),
    phone(
        "CA",
        "Kids Help Phone",
        "1-800-668-6868",
        "https://kidshelpphone.ca",
    ),
    text(
        "CA",
        "Kids Help Phone",
        "686868",
        "https://kidshelpphone.ca",
    ),
    phone(
        "CA",
        "Hope for Wellness (First Peoples)",
        "1-855-242-3310",
        "https://www.hopeforwellness.ca",
    ),
    phone("AU", "Lifeline", "13 11 14", "https://www.lifeline.org.au"),
    text(
        "AU",
        "Lifeline",
        "0477 13 11 14",
        "https://www.lifeline.org.au",
    ),
    phone(
        "AU",
        "Kids Helpline",
        "1800 55 1800",
        "https://kidshelpline.com.au",
    ),
    phone(
        "AU",
        "Beyond Blue",
        "1300 22 4636",
        "https://www.beyondblue.org.au",
    ),
    phone(
        "AU",
        "Suicide Call Back Service",
        "1300 659 467",
        "https://www.suicidecallbackservice.org.au",
    ),
    phone("AU", "13YARN", "13 92 76", "https://www.13yarn.org.au"),
    phone("AU", "Emergency", "000", "https://www.triplezero.gov.au"),
    phone("NZ", "Need to talk? 1737", "1737", "https://1737.org.nz"),
    phone(
        "NZ",
        "Lifeline Aotearoa",
        "0800 543 354",
        "https://www.lifeline.org.nz",
    ),
    phone(
        "NZ",
        "Youthline",
        "0800 376 633",
        "https://www.youthline.co.nz",
    ),
    phone(
        "NZ",
        "Suicide Crisis Helpline",
        "0508 828 865",
        "https://www.lifeline.org.nz",
    ),
    phone(
        "DE",
        "TelefonSeelsorge",
        "0800 111 0 111",
        "https://www.telefonseelsorge.de",
    ),
    phone(
        "DE",
        "TelefonSeelsorge",
        "0800 111 0 222",
        "https://www.telefonseelsorge.de",
    ),
    phone(
        "DE",
        "Nummer gegen Kummer (Kinder und Jugendliche)",
        "116 111",
        "https://www.nummergegenkummer.de",
    ),
    phone(
        "AT",
        "TelefonSeelsorge",
        "142",
        "https://www.telefonseelsorge.at",
    ),
    phone("AT", "Rat auf Draht", "147", "https://www.rataufdraht.at"),
    phone("CH", "Die Dargebotene Hand", "143", "https://www.143.ch"),
    phone("CH", "Pro Juventute", "147", "https://www.147.ch"),
    phone(
        "FR",
        "3114 Numéro national de prévention du suicide",
        "3114",
        "https://3114.fr",
    ),
    phone(
        "FR",
        "SOS Amitié",
        "09 72 39 40 50",
        "https://www.sos-amitie.com",
    ),
    phone(
        "NL",
        "113 Zelfmoordpreventie",
        "0800 0113",
        "https://www.113.nl",
    ),
    phone("NL", "113 Zelfmoordpreventie", "113", "https://www.113.nl"),
    phone(
        "NL",
        "De Kindertelefoon",
        "0800 0432",
        "https://www.kindertelefoon.nl",
    ),
    phone(
        "BE",
        "Zelfmoordlijn",
        "1813",
        "https://www.zelfmoord1813.be",
    ),
    phone(
        "BE",
        "Centre de Prévention du Suicide",
        "0800 32 123",
        "https://www.preventionsuicide.be",
    ),
    phone(
        "ES",
        "Línea 024 de atención a la conducta suicida",
        "024",
        "https://www.sanidad.gob.es",
    ),
    phone(
        "ES",
        "Teléfono de la Esperanza",
        "717 003 717",
        "https://telefonodelaesperanza.org",
    ),
    phone(
        "IT",
        "Telefono Amico Italia",
        "02 2327 2327",
        "https://www.telefonoamico.it",
    ),
    phone(
        "IT",
        "Samaritans Onlus",
        "06 77208977",
        "https://www.samaritansonlus.org",
    ),
    phone(
        "PT",
        "SOS Voz Amiga",
        "213 544 545",
        "https://www.sosvozamiga.org",
    ),
    phone("SE", "Mind Självmordslinjen", "90101", "https://mind.se"),
    phone("SE", "BRIS", "116 111", "https://www.bris.se"),
    phone(
        "NO",
        "Mental Helse Hjelpetelefonen",
        "116 123",
        "https://mentalhelse.no",
    ),
    phone(
        "NO",
        "Kirkens SOS",
        "22 40 00 40",
        "https://www.kirkens-sos.no",
    ),
    phone(
        "DK",
        "Livslinien",
        "70 201 201",
        "https://www.livslinien.dk",
    ),
    phone(
        "FI",
        "MIELI Crisis Helpline",
        "09 2525 0111",
        "https://mieli.fi",
    ),
    phone(
        "PL",
        "Centrum Wsparcia",
        "800 70 2222",
        "https://centrumwsparcia.pl",
    ),
    phone(
        "PL",
        "Telefon zaufania dla dzieci i młodzieży",
        "116 111",
        "https://116111.pl",
    ),
    phone(
        "EU",
        "Emotional support line",
        "116 123",
        "https://digital-strategy.ec.europa.eu/en/policies/116-helplines",
    ),
    phone(
        "EU",
        "Child helpline",
        "116 111",
        "https://digital-strategy.ec.europa.eu/en/policies/116-helplines",
    ),
    phone(
        "EU",
        "Emergency",
        "112",
        "https://digital-strategy.ec.europa.eu/en/policies/112",
    ),
    phone("IL", "ERAN", "1201", "https://www.eran.org.il"),
    phone(
        "ZA",
        "SADAG Suicide Crisis Helpline",
        "0800 567 567",
        "https://www.sadag.org",
    ),
    text("ZA", "SADAG", "31393", "https://www.sadag.org"),
    phone(
        "IN",
        "Tele MANAS",
        "14416",
        "https://telemanas.mohfw.gov.in",
    ),
    phone(
        "IN",
        "Tele MANAS",
        "1800-891-4416",
        "https://telemanas.mohfw.gov.in",
    ),
    phone("IN", "AASRA", "+91-9820466726", "http://www.aasra.info"),
    phone("IN", "iCall", "9152987821", "https://icallhelpline.org"),
    phone("JP", "TELL Lifeline", "03-5774-0992", "https://telljp.com"),
    phone(
        "JP",
        "Inochi no Denwa",
        "0570-783-556",
        "https://www.inochinodenwa.org",
    ),
    phone(
        "KE",
        "Befrienders Kenya",
        "+254 722 178 177",
        "https://www.befrienderskenya.org",
    ),
    phone(
        "KE",
        "Kenya Red Cross (toll-free, includes counselling)",
        "1199",
        "https://www.redcross.or.ke",
    ),
    phone(
        "MY",
        "Befrienders Kuala Lumpur",
        "03-7627 2929",
        "https://www.befrienders.org.my",
    ),
    phone("MY", "Talian Kasih", "15999", "https://www.kpwkm.gov.my"),
    phone(
        "MY",
        "LifeLine Association Malaysia",
        "03-4265 7995",
        "https://boron.orientaldaily.com.my/index.php/news/central/2024/10/22/688190",
    ),
    phone(
        "MY",
        "MIASA crisis helpline",
        "1-800-820066",
        "https://www.thesundaily.my/local/miasa-launches-crisis-helpline-for-mental-health-DD8454162",
    ),
    phone(
        "KR",
        "Suicide prevention line",
        "109",
        "https://www.mohw.go.kr",
    ),
    phone(
        "SG",
        "Samaritans of Singapore",
        "1767",
        "https://www.sos.org.sg",
    ),
    text(
        "SG",
        "Samaritans of Singapore (WhatsApp)",
        "9151 1767",
        "https://www.sos.org.sg",
    ),
    phone(
        "HK",
        "The Samaritan Befrienders Hong Kong",
        "2389 2222",
        "https://sbhk.org.hk",
    ),
    phone("PH", "NCMH Crisis Hotline", "1553", "https://ncmh.gov.ph"),
    phone(
        "PH",
        "NCMH Crisis Hotline",
        "0917 899 8727",
        "https://ncmh.gov.ph",
    ),
    phone(
        "BR",
        "CVV Centro de Valorização da Vida",
        "188",
        "https://www.cvv.org.br",
    ),
    phone(
        "MX",
        "Línea de la Vida",
        "800 911 2000",
        "https://www.gob.mx/salud/conadic",
    ),
    phone(
        "AR",
        "Centro de Asistencia al Suicida",
        "135",
        "https://www.asistenciaalsuicida.org.ar",
    ),
    phone(
        "AR",
        "Centro de Asistencia al Suicida",
        "(011) 5275-1135",
        "https://www.asistenciaalsuicida.org.ar",
    ),
];

/// A country of the directory: its name and the number for an emergency
/// there (police, ambulance), for the crisis page.
#[derive(Debug, Clone, Copy)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub emergency: &'static str,
}

const fn country(code: &'static str, name: &'static str, emergency: &'static str) -> Country {
    Country {
        code,
        name,
        emergency,
    }
}

/// Every country [`LINES`] has a line for, in the order the crisis page
/// lists them (by name; "across Europe" last).
pub const COUNTRIES: &[Country] = &[
    country("AR", "Argentina", "911"),
    country("AU", "Australia", "000"),
    country("AT", "Austria", "112"),
    country("BE", "Belgium", "112"),
    country("BR", "Brazil", "192"),
    country("CA", "Canada", "911"),
    country("DK", "Denmark", "112"),
    country("FI", "Finland", "112"),
    country("FR", "France", "112"),
    country("DE", "Germany", "112"),
    country("HK", "Hong Kong", "999"),
    country("IN", "India", "112"),
    country("IE", "Ireland", "112 or 999"),
    country("IL", "Israel", "101"),
    country("IT", "Italy", "112"),
    country("JP", "Japan", "119"),
    country("KE", "Kenya", "999"),
    country("MY", "Malaysia", "999"),
    country("MX", "Mexico", "911"),
    country("NL", "Netherlands", "112"),
    country("NZ", "New Zealand", "111"),
    country("NO", "Norway", "113"),
    country("PH", "Philippines", "911"),
    country("PL", "Poland", "112"),
    country("PT", "Portugal", "112"),
    country("SG", "Singapore", "995"),
    country("ZA", "South Africa", "112"),
    country("KR", "South Korea", "119"),
    country("ES", "Spain", "112"),
    country("SE", "Sweden", "112"),
    country("CH", "Switzerland", "144"),
    country("GB", "United Kingdom", "999"),
    country("US", "United States", "911"),
    country("EU", "Across Europe", "112"),
];

/// The lines of one country, in directory order.
pub fn lines_of(code: &str) -> impl Iterator<Item = &'static Line> + '_ {
    LINES.iter().filter(move |l| l.country == code)
}

/// The digits of every phone and text line.
pub fn numbers() -> impl Iterator<Item = String> {
    LINES
        .iter()
        .filter(|l| l.channel != Channel::Email)
        .map(|l| l.contact.chars().filter(char::is_ascii_digit).collect())
}

/// The services' own domains (`samaritans.org`): an address there is a
/// crisis service's, never a person's.
pub fn domains() -> Vec<String> {
    let mut domains: Vec<String> = LINES
        .iter()
        .filter_map(|l| {
            let host = l.source.split("://").nth(1)?.split('/').next()?;
            Some(host.trim_start_matches("www.").to_string())
        })
        .collect();
    domains.sort();
    domains.dedup();
    domains
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_covers_twenty_countries_and_every_channel() {
        let mut countries: Vec<&str> = LINES.iter().map(|l| l.country).collect();
        countries.sort();
        countries.dedup();
        assert!(countries.len() >= 20, "{} countries", countries.len());
        for channel in [Channel::Phone, Channel::Text, Channel::Email] {
            assert!(LINES.iter().any(|l| l.channel == channel));
        }
        for line in LINES {
            assert!(line.source.starts_with("http"), "{}", line.service);
        }
        assert!(domains().iter().any(|d| d == "samaritans.org"));
    }

    /// The crisis page lists every line: each line's country is named once.
    #[test]
    fn every_line_has_a_named_country() {
        for line in LINES {
            let named = COUNTRIES.iter().filter(|c| c.code == line.country).count();
            assert_eq!(named, 1, "{} ({})", line.service, line.country);
        }
        for country in COUNTRIES {
            assert!(lines_of(country.code).next().is_some(), "{}", country.name);
        }
    }

    /// Every phone line in the directory, written as its service writes it
    /// and introduced by its name, is let through (frozen-8's one false
    /// alarm was a Kenyan line missing from it).
    #[test]
    fn every_listed_number_passes_the_detector() {
        let detector = crate::Detector::default();
        for line in LINES.iter().filter(|l| l.channel != Channel::Email) {
            let text = format!("{}: {}", line.service, line.contact);
            let found = detector.detect(&text);
            assert!(!found.contact, "{text}: {found:?}");
        }
    }
}
