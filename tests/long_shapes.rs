//! Shapes that took time quadratic in their size, at a size that took seconds before and runs
//! well under a second now (the large sizes are in `cargo bench --bench adversarial`). Nothing
//! here measures time: a quadratic path shows as a test that does not finish.

/// Cells one per line in plain text with no blank line between records: the declaration stage
/// read the lines as a table of as many rows, and scored each row against a copy of the whole
/// table (2,500 records took over a second in a release build, 4,000 took 2.7 s).
#[test]
fn cells_one_per_line_in_plain_text() {
    let mut text = String::from("Name\nProvider\nDuration\n");
    for record in 0..2500 {
        text.push_str(&format!("_cookie_{record}\nExample Ltd\n{} days\n", record % 30 + 1));
    }
    let (_, policy) = cookielint::extract_bytes("cells.txt", text.as_bytes(), &Default::default()).unwrap();
    assert_eq!(policy.cookies.len(), 2500);
    assert_eq!(policy.cookies[2499].name, "_cookie_2499");
}

/// A page on one line of 300 KB with hundreds of findings: each report shown in a
/// terminal copied the whole text and made miette scan it from the start, and each finding's
/// column in JSON and in the language server counted the characters from the line's start.
#[test]
fn findings_on_a_page_of_one_long_line() {
    let mut html = String::from("<html><body><p>");
    html.push_str(&"Ceci est une page très longue sur une seule ligne. ".repeat(6_000));
    html.push_str("</p><h2>Cookies</h2><table><tr><th>Name</th><th>Provider</th><th>Duration</th></tr>");
    for row in 0..200 {
        html.push_str(&format!("<tr><td>_row_{row}</td><td>Example Ltd</td><td></td></tr>"));
    }
    html.push_str("</table></body></html>");
    assert_eq!(html.lines().count(), 1);
    let (source, policy) = cookielint::extract_bytes("page.html", html.as_bytes(), &Default::default()).unwrap();
    let findings = cookielint::lint::lint_document(&source, &policy);
    assert!(findings.len() >= 200, "{} findings", findings.len());

    let snippets = cookielint::render::human::Snippets::new(&source);
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    let mut shown = 0;
    for finding in &findings {
        let mut text = String::new();
        let report = cookielint::render::human::report(finding, &source, &snippets);
        handler.render_report(&mut text, report.as_ref()).unwrap();
        // The line shown is a window around the span, not the whole page.
        assert!(text.len() < 40_000, "{} bytes for one finding", text.len());
        let (line, column) = source.lines.line_col(&source.text, finding.span.start);
        assert!(text.contains(&format!("page.html:{line}:")), "{text}");
        assert!(column > 300_000, "column {column}");
        shown += 1;
    }
    assert_eq!(shown, findings.len());

    // Positions as the language server sends them, in UTF-16 code units.
    let last = findings.iter().map(|f| f.span.start).max().unwrap();
    let position = cookielint::lsp::position::position(
        &source.text,
        &source.lines,
        cookielint::lsp::position::Encoding::Utf16,
        last,
    );
    let start = source.lines.line_start(source.lines.line(last));
    let units: usize = source.text[start..last].chars().map(char::len_utf16).sum();
    assert_eq!(position["character"], units);
}

/// A row of columns aligned with spaces (pdftotext -layout) whose purpose runs on for thousands
/// of words with single spaces, into the lifetime column: each space was tried as the cut by
/// folding the whole rest of the row and counting the characters before it (42 KB took 4.7 s in
/// a release build; the fuzzer's 640 KB page, minutes).
#[test]
fn a_long_cell_running_into_the_lifetime_column() {
    let header = "Nom du cookie    Emetteur         Finalite           Duree\n";
    let long = "memoriser la langue choisie ".repeat(1500);
    let text = format!(
        "Cookies strictement necessaires\n\n{header}bib_langue       Reseau           {long}  1 an\n\
         bib_panier       Reseau           Conserver le panier    7 jours\n"
    );
    let (_, policy) = cookielint::extract_bytes("layout.txt", text.as_bytes(), &Default::default()).unwrap();
    let names: Vec<&str> = policy.cookies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["bib_langue", "bib_panier"]);
    let lifetime = |i: usize| policy.cookies[i].duration.as_ref().map(|d| d.text.clone()).unwrap_or_default();
    assert!(lifetime(0).ends_with("1 an"));
    assert_eq!(lifetime(1), "7 jours");
}

/// One sentence that lists thousands of names in a section that declares cookies: each name's
/// entry copied the whole sentence as its purpose (100,000 names on one line ran out of memory),
/// and each finding on such an entry was drawn under all of the sentence in a terminal report
/// (3,000 names took 5.9 s, 10,000 names 69 s).
#[test]
fn a_sentence_listing_thousands_of_names() {
    let names: Vec<String> = (0..3000).map(|i| format!("_qz{i}")).collect();
    let text = format!(
        "## Analytics cookies\n\n| Name | Duration |\n|---|---|\n| _x | 1 day |\n\nThe cookies set by Hotjar ({}) count visits.\n",
        names.join(", ")
    );
    let (source, policy) = cookielint::extract_bytes("list.md", text.as_bytes(), &Default::default()).unwrap();
    assert_eq!(policy.cookies.len(), 3001);
    assert_eq!(policy.cookies[3000].name, "_qz2999");
    assert_eq!(policy.cookies[3000].provider.as_deref(), Some("Hotjar"));
    assert!(policy.cookies[1..].iter().all(|c| c.purpose.is_none()), "no sentence of 20 KB as a purpose");

    let findings = cookielint::lint::lint_document(&source, &policy);
    let snippets = cookielint::render::human::Snippets::new(&source);
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    for finding in &findings {
        let mut shown = String::new();
        let report = cookielint::render::human::report(finding, &source, &snippets);
        handler.render_report(&mut shown, report.as_ref()).unwrap();
        assert!(shown.len() < 40_000, "{} bytes for one finding", shown.len());
    }
}
