//! Synthetic cookie policies with known truth, for benchmarks and scale tests: every layout the
//! extractor reads (Markdown pipe tables, tab-separated text, `Name: …` blocks, bullet lists,
//! HTML tables, space-aligned columns) in every language of `grammar/`.
//!
//! Generation is deterministic: document `index` of seed `seed` is always the same text. The
//! vocabulary below is the generator's own (a policy writer's words, not the lexicon's lists),
//! so a test that extracts these documents checks the lexicons against independent wording.
use serde::Serialize;

/// One generated document and what extraction must find in it.
#[derive(Debug, Clone, Serialize)]
pub struct SyntheticPolicy {
    /// File name with the layout's extension (`0000042-fr-pipe.md`).
    pub file_name: String,
    pub language: &'static str,
    pub layout: Layout,
    pub text: String,
    pub truth: Vec<TruthCookie>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TruthCookie {
    pub name: String,
    /// `None` where the layout does not name providers (bullet lists).
    pub provider: Option<String>,
    /// `necessary`, `preferences`, `statistics` or `marketing`.
    pub category: &'static str,
    /// The duration as written in the document.
    pub duration_text: String,
    /// `None` for a session cookie; otherwise the count and the unit (`day`, `month`, `year`).
    pub duration: Option<(u32, &'static str)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    Pipe,
    Tabs,
    KeyValue,
    Bullets,
    Html,
    Aligned,
}

impl Layout {
    pub const ALL: [Layout; 6] =
        [Layout::Pipe, Layout::Tabs, Layout::KeyValue, Layout::Bullets, Layout::Html, Layout::Aligned];

    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Pipe => "pipe",
            Layout::Tabs => "tabs",
            Layout::KeyValue => "key-value",
            Layout::Bullets => "bullets",
            Layout::Html => "html",
            Layout::Aligned => "aligned",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Layout::Pipe | Layout::Bullets => "md",
            Layout::Html => "html",
            Layout::Tabs | Layout::KeyValue | Layout::Aligned => "txt",
        }
    }
}

/// A language's words for one policy.
struct Words {
    code: &'static str,
    title: &'static str,
    intro: &'static str,
    /// Section headings, in the order of [`CATEGORIES`].
    headings: [&'static str; 4],
    /// Column labels: name, provider, purpose, duration.
    columns: [&'static str; 4],
    /// Purpose sentences, in the order of [`CATEGORIES`].
    purposes: [&'static str; 4],
    session: &'static str,
    /// Singular and plural of day, month, year.
    units: [(&'static str, &'static str); 3],
}

const CATEGORIES: [&str; 4] = ["necessary", "preferences", "statistics", "marketing"];
const UNITS: [&str; 3] = ["day", "month", "year"];

const LANGUAGES: [Words; 7] = [
    Words {
        code: "en",
        title: "Cookie policy",
        intro: "This page lists the cookies that our website stores on your device, who sets them and how long they last.",
        headings: ["Strictly necessary cookies", "Preference cookies", "Analytics cookies", "Advertising cookies"],
        columns: ["Name", "Provider", "Purpose", "Duration"],
        purposes: [
            "Keeps your session secure while you browse",
            "Remembers the language and display settings you chose",
            "Counts visits and measures how pages are used",
            "Shows advertising based on your interests",
        ],
        session: "Session",
        units: [("day", "days"), ("month", "months"), ("year", "years")],
    },
    Words {
        code: "fr",
        title: "Politique relative aux cookies",
        intro: "Cette page présente les cookies que notre site dépose sur votre terminal, qui les dépose et pour combien de temps.",
        headings: [
            "Cookies strictement nécessaires",
            "Cookies de préférences",
            "Cookies de mesure d'audience",
            "Cookies publicitaires",
        ],
        columns: ["Nom", "Fournisseur", "Finalité", "Durée"],
        purposes: [
            "Assure la sécurité de votre session pendant la navigation",
            "Mémorise la langue et l'affichage que vous avez choisis",
            "Compte les visites et mesure l'utilisation des pages",
            "Affiche des publicités adaptées à vos centres d'intérêt",
        ],
        session: "Session",
        units: [("jour", "jours"), ("mois", "mois"), ("an", "ans")],
    },
    Words {
        code: "de",
        title: "Cookie-Richtlinie",
        intro: "Auf dieser Seite finden Sie die Cookies, die unsere Website auf Ihrem Gerät speichert, wer sie setzt und wie lange sie bestehen.",
        headings: ["Unbedingt erforderliche Cookies", "Präferenz-Cookies", "Statistik-Cookies", "Marketing-Cookies"],
        columns: ["Name", "Anbieter", "Zweck", "Speicherdauer"],
        purposes: [
            "Schützt Ihre Sitzung während des Besuchs",
            "Speichert die gewählte Sprache und Anzeige",
            "Zählt Besuche und misst die Nutzung der Seiten",
            "Zeigt Werbung passend zu Ihren Interessen",
        ],
        session: "Sitzung",
        units: [("Tag", "Tage"), ("Monat", "Monate"), ("Jahr", "Jahre")],
    },
    Words {
        code: "es",
        title: "Política de cookies",
        intro: "Esta página enumera las cookies que nuestro sitio web almacena en su dispositivo, quién las instala y cuánto duran.",
        headings: [
            "Cookies estrictamente necesarias",
            "Cookies de preferencias",
            "Cookies analíticas",
            "Cookies publicitarias",
        ],
        columns: ["Nombre", "Proveedor", "Finalidad", "Duración"],
        purposes: [
            "Mantiene segura su sesión mientras navega",
            "Recuerda el idioma y la presentación que eligió",
            "Cuenta las visitas y mide el uso de las páginas",
            "Muestra publicidad según sus intereses",
        ],
        session: "Sesión",
        units: [("día", "días"), ("mes", "meses"), ("año", "años")],
    },
    Words {
        code: "it",
        title: "Informativa sui cookie",
        intro: "Questa pagina elenca i cookie che il nostro sito memorizza sul tuo dispositivo, chi li installa e quanto durano.",
        headings: ["Cookie strettamente necessari", "Cookie di preferenza", "Cookie statistici", "Cookie di marketing"],
        columns: ["Nome", "Fornitore", "Finalità", "Durata"],
        purposes: [
            "Protegge la sessione durante la navigazione",
            "Ricorda la lingua e la visualizzazione scelte",
            "Conta le visite e misura l'uso delle pagine",
            "Mostra pubblicità in base ai tuoi interessi",
        ],
        session: "Sessione",
        units: [("giorno", "giorni"), ("mese", "mesi"), ("anno", "anni")],
    },
    Words {
        code: "nl",
        title: "Cookiebeleid",
        intro: "Op deze pagina staan de cookies die onze website op uw apparaat plaatst, wie ze plaatst en hoe lang ze blijven bestaan.",
        headings: ["Strikt noodzakelijke cookies", "Voorkeurscookies", "Analytische cookies", "Marketingcookies"],
        columns: ["Naam", "Aanbieder", "Doel", "Bewaartermijn"],
        purposes: [
            "Beveiligt uw sessie tijdens het bezoek",
            "Onthoudt de gekozen taal en weergave",
            "Telt bezoeken en meet het gebruik van de pagina's",
            "Toont advertenties op basis van uw interesses",
        ],
        session: "Sessie",
        units: [("dag", "dagen"), ("maand", "maanden"), ("jaar", "jaar")],
    },
    Words {
        code: "pt",
        title: "Política de cookies",
        intro: "Esta página indica os cookies que o nosso sítio armazena no seu dispositivo, quem os instala e quanto tempo duram.",
        headings: [
            "Cookies estritamente necessários",
            "Cookies de preferências",
            "Cookies analíticos",
            "Cookies de marketing",
        ],
        columns: ["Nome", "Fornecedor", "Finalidade", "Duração"],
        purposes: [
            "Mantém a sua sessão segura durante a navegação",
            "Memoriza o idioma e a apresentação escolhidos",
            "Conta as visitas e mede a utilização das páginas",
            "Mostra publicidade de acordo com os seus interesses",
        ],
        session: "Sessão",
        units: [("dia", "dias"), ("mês", "meses"), ("ano", "anos")],
    },
];

/// Third-party cookies the generator draws from: (name, provider, category index).
const THIRD_PARTY: [(&str, &str, usize); 12] = [
    ("_ga", "Google", 2),
    ("_gid", "Google", 2),
    ("_gcl_au", "Google", 3),
    ("_fbp", "Meta", 3),
    ("_hjSessionUser", "Hotjar", 2),
    ("_pk_ref", "Matomo", 2),
    ("__hstc", "HubSpot", 3),
    ("hubspotutk", "HubSpot", 3),
    ("_clck", "Microsoft", 2),
    ("MUID", "Microsoft", 3),
    ("__cf_bm", "Cloudflare", 0),
    ("_uetvid", "Microsoft", 3),
];

/// First-party cookie stems, prefixed with the site's short name: (stem, category index).
const FIRST_PARTY: [(&str, usize); 8] =
    [("session", 0), ("csrf", 0), ("consent", 0), ("cart", 0), ("lang", 1), ("theme", 1), ("region", 1), ("recent", 1)];

const SITE_WORDS: [&str; 12] = [
    "harbor", "meadow", "copper", "lantern", "willow", "granite", "saffron", "orbit", "tidal", "juniper", "quartz",
    "ember",
];

/// A small deterministic generator (SplitMix64): no dependency, same output everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Generates document `index` of the stream for `seed`.
pub fn generate(seed: u64, index: u64) -> SyntheticPolicy {
    let mut rng = Rng(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
    let words = &LANGUAGES[(index as usize) % LANGUAGES.len()];
    let layout = Layout::ALL[(index as usize / LANGUAGES.len()) % Layout::ALL.len()];
    let site = format!("{}{}", SITE_WORDS[rng.below(SITE_WORDS.len())], SITE_WORDS[rng.below(SITE_WORDS.len())]);
    let site_title = format!("{}{}", site[..1].to_uppercase(), &site[1..]);

    let mut truth = Vec::new();
    let first_party = 2 + rng.below(5);
    let start = rng.below(FIRST_PARTY.len());
    for k in 0..first_party {
        let (stem, category) = FIRST_PARTY[(start + k) % FIRST_PARTY.len()];
        truth.push(cookie(&mut rng, words, format!("{}_{stem}", &site[..4]), site_title.clone(), category));
    }
    let third_party = 1 + rng.below(6);
    let start = rng.below(THIRD_PARTY.len());
    for k in 0..third_party {
        let (name, provider, category) = THIRD_PARTY[(start + k) % THIRD_PARTY.len()];
        truth.push(cookie(&mut rng, words, name.to_string(), provider.to_string(), category));
    }
    // Sections in category order; truth in document order.
    truth.sort_by_key(|c| CATEGORIES.iter().position(|k| *k == c.category));

    let text = render(layout, words, &site, &site_title, &truth);
    if layout == Layout::Bullets {
        truth.iter_mut().for_each(|c| c.provider = None);
    }
    SyntheticPolicy {
        file_name: format!("{index:07}-{}-{}.{}", words.code, layout.as_str(), layout.extension()),
        language: words.code,
        layout,
        text,
        truth,
    }
}

fn cookie(rng: &mut Rng, words: &Words, name: String, provider: String, category: usize) -> TruthCookie {
    let (duration, duration_text) = if category == 0 && rng.below(3) == 0 {
        (None, words.session.to_string())
    } else {
        let unit = rng.below(3);
        let count = match unit {
            0 => [1, 7, 14, 30, 90][rng.below(5)],
            1 => [1, 3, 6, 12, 13][rng.below(5)],
            _ => [1, 2][rng.below(2)],
        };
        let (one, many) = words.units[unit];
        (Some((count, UNITS[unit])), format!("{count} {}", if count == 1 { one } else { many }))
    };
    TruthCookie { name, provider: Some(provider), category: CATEGORIES[category], duration_text, duration }
}

fn sections(truth: &[TruthCookie]) -> Vec<(usize, Vec<&TruthCookie>)> {
    (0..CATEGORIES.len())
        .map(|k| (k, truth.iter().filter(|c| c.category == CATEGORIES[k]).collect::<Vec<_>>()))
        .filter(|(_, cookies)| !cookies.is_empty())
        .collect()
}

fn render(layout: Layout, words: &Words, site: &str, site_title: &str, truth: &[TruthCookie]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let url = format!("https://www.{site}.example");
    let purpose = |c: &TruthCookie| words.purposes[CATEGORIES.iter().position(|k| *k == c.category).unwrap_or(0)];
    let [name_label, provider_label, purpose_label, duration_label] = words.columns;
    match layout {
        Layout::Html => {
            let _ = write!(
                out,
                "<!DOCTYPE html>\n<html lang=\"{}\"><head><title>{}</title><style>td {{ padding: 2px }}</style></head>\n<body>\n<nav><a href=\"/\">{site_title}</a></nav>\n<h1>{} — {site_title}</h1>\n<p>{} {url}</p>\n",
                words.code, words.title, words.title, words.intro
            );
            for (k, cookies) in sections(truth) {
                let _ = write!(
                    out,
                    "<h2>{}</h2>\n<table>\n<tr><th>{name_label}</th><th>{provider_label}</th><th>{purpose_label}</th><th>{duration_label}</th></tr>\n",
                    words.headings[k]
                );
                for c in cookies {
                    let _ = writeln!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        c.name,
                        c.provider.as_deref().unwrap_or(""),
                        purpose(c),
                        c.duration_text
                    );
                }
                out.push_str("</table>\n");
            }
            out.push_str("<script>var consent = {};</script>\n</body></html>\n");
        }
        _ => {
            let heading = |level: &str, text: &str| match layout {
                Layout::Pipe | Layout::Bullets => format!("{level} {text}\n\n"),
                _ => format!("{text}\n\n"),
            };
            out.push_str(&heading("#", &format!("{} — {site_title}", words.title)));
            let _ = write!(out, "{} {url}\n\n", words.intro);
            for (k, cookies) in sections(truth) {
                out.push_str(&heading("##", words.headings[k]));
                match layout {
                    Layout::Pipe => {
                        let _ =
                            writeln!(out, "| {name_label} | {provider_label} | {purpose_label} | {duration_label} |");
                        out.push_str("|---|---|---|---|\n");
                        for c in cookies {
                            let _ = writeln!(
                                out,
                                "| {} | {} | {} | {} |",
                                c.name,
                                c.provider.as_deref().unwrap_or(""),
                                purpose(c),
                                c.duration_text
                            );
                        }
                    }
                    Layout::Tabs => {
                        let _ = writeln!(out, "{name_label}\t{provider_label}\t{purpose_label}\t{duration_label}");
                        for c in cookies {
                            let _ = writeln!(
                                out,
                                "{}\t{}\t{}\t{}",
                                c.name,
                                c.provider.as_deref().unwrap_or(""),
                                purpose(c),
                                c.duration_text
                            );
                        }
                    }
                    Layout::KeyValue => {
                        for c in cookies {
                            let _ = write!(
                                out,
                                "{name_label}: {}\n{provider_label}: {}\n{purpose_label}: {}\n{duration_label}: {}\n\n",
                                c.name,
                                c.provider.as_deref().unwrap_or(""),
                                purpose(c),
                                c.duration_text
                            );
                        }
                    }
                    Layout::Bullets => {
                        for c in cookies {
                            let _ = writeln!(out, "- {} — {} — {}", c.name, c.duration_text, purpose(c));
                        }
                    }
                    Layout::Aligned => {
                        let rows: Vec<[&str; 4]> = std::iter::once(words.columns)
                            .chain(cookies.iter().map(|c| {
                                [c.name.as_str(), c.provider.as_deref().unwrap_or(""), purpose(c), &c.duration_text]
                            }))
                            .collect();
                        let widths: Vec<usize> =
                            (0..4).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0) + 3).collect();
                        for row in rows {
                            let mut line = String::new();
                            for (i, cell) in row.iter().enumerate() {
                                line.push_str(cell);
                                if i < 3 {
                                    line.extend(std::iter::repeat_n(' ', widths[i] - cell.chars().count()));
                                }
                            }
                            out.push_str(line.trim_end());
                            out.push('\n');
                        }
                    }
                    Layout::Html => unreachable!("rendered above"),
                }
                out.push('\n');
            }
        }
    }
    out
}
