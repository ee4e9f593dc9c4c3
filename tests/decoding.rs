//! Decoding and text oddities: every encoding and line-ending variant of one policy gives the
//! same entries, and every span still points at the text it describes (in the decoded text).
use cookielint::extract_bytes;

const POLICY: &str = "## Cookies de mesure d’audience\n\n| Nom | Fournisseur | Durée |\n|---|---|---|\n| _pk_id | Matomo | 13 mois |\n| _pk_ses | Matomo | 30 minutes |\n";

/// Name, seconds and category of one entry.
type Entry = (String, Option<u64>, String);

fn entries(name: &str, bytes: &[u8]) -> (Vec<Entry>, String, String) {
    let (source, policy) = extract_bytes(name, bytes, &Default::default()).expect("decodes");
    for cookie in &policy.cookies {
        assert_eq!(&source.text[cookie.name_span.range()], cookie.name, "{name}: name span");
        let row = &source.text[cookie.span.range()];
        assert!(row.contains(&cookie.name), "{name}: row span {row:?}");
    }
    let found = policy
        .cookies
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.duration.as_ref().and_then(|d| d.seconds),
                c.category.map(|k| k.as_str().to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let notes: Vec<String> = policy.diagnostics.iter().map(|d| d.rule.clone()).collect();
    (found, format!("{:?}", policy.encoding), notes.join(","))
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

#[test]
fn every_encoding_and_line_ending_gives_the_same_entries_with_exact_spans() {
    let (expected, _, _) = entries("plain.md", POLICY.as_bytes());
    assert_eq!(expected.len(), 2);
    assert_eq!(expected[0], ("_pk_id".to_string(), Some(34_186_698), "statistics".to_string()));

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(POLICY.as_bytes());
    let apostrophe = POLICY.replace('’', "'");
    let (latin1, _, had_errors) = encoding_rs::WINDOWS_1252.encode(&apostrophe);
    assert!(!had_errors);
    let crlf = POLICY.replace('\n', "\r\n");
    let cr = POLICY.replace('\n', "\r");
    // Mixed: CRLF, then LF, then a lone CR.
    let mixed = POLICY.replacen('\n', "\r\n", 2).replacen("\n|---", "\r|---", 1);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bom.md", bom, "Utf8Bom"),
        ("utf16le.md", utf16(POLICY, false), "Utf16Le"),
        ("utf16be.md", utf16(POLICY, true), "Utf16Be"),
        ("latin1.md", latin1.into_owned(), "Windows1252"),
        ("crlf.md", crlf.into_bytes(), "Utf8"),
        ("cr.md", cr.into_bytes(), "Utf8"),
        ("mixed.md", mixed.into_bytes(), "Utf8"),
    ];
    for (name, bytes, encoding) in cases {
        let (found, got_encoding, notes) = entries(name, &bytes);
        assert_eq!(found, expected, "{name}");
        assert_eq!(got_encoding, encoding, "{name}");
        assert_eq!(notes.contains("decoding"), encoding == "Windows1252", "{name}: {notes}");
    }
}

#[test]
fn nbsp_zero_width_and_soft_hyphens_do_not_change_entries() {
    let odd = POLICY
        .replace("13 mois", "13\u{00A0}mois")
        .replace("| Matomo | 30", "| Mat\u{00AD}omo\u{200B} | 30")
        .replace("Durée", "Du\u{00AD}rée");
    let (found, _, _) = entries("odd.md", odd.as_bytes());
    let (expected, _, _) = entries("plain.md", POLICY.as_bytes());
    assert_eq!(found, expected);
    let (_, policy) = extract_bytes("odd.md", odd.as_bytes(), &Default::default()).unwrap();
    // The provider is read without the invisible characters.
    assert_eq!(policy.cookies[1].provider.as_deref(), Some("Matomo"));
    // Zero-width space before a name does not hide it.
    let zw = POLICY.replace("| _pk_id", "| \u{200B}_pk_id");
    let (found, _, _) = entries("zw.md", zw.as_bytes());
    assert_eq!(found[0].0, "_pk_id");
}
