//! Synthetic policies in every layout and language (src/synth.rs) extract to their known truth.
use cookielint::synth::{generate, Layout};
use cookielint::{extract_text, Options};

#[test]
fn synthetic_policies_extract_to_their_truth() {
    let options = Options::default();
    let mut failures = Vec::new();
    let count = 7 * Layout::ALL.len() as u64 * 10;
    for index in 0..count {
        let policy = generate(7, index);
        let extracted = extract_text(&policy.file_name, policy.text.clone(), &options);
        let names: Vec<&str> = extracted.cookies.iter().map(|c| c.name.as_str()).collect();
        let expected: Vec<&str> = policy.truth.iter().map(|c| c.name.as_str()).collect();
        if names != expected {
            failures.push(format!("{}: names {names:?}, expected {expected:?}", policy.file_name));
            continue;
        }
        if extracted.language.as_deref() != Some(policy.language) {
            failures.push(format!("{}: language {:?}", policy.file_name, extracted.language));
        }
        for (cookie, truth) in extracted.cookies.iter().zip(&policy.truth) {
            let category = cookie.category.map(|c| c.as_str());
            if category != Some(truth.category) {
                failures.push(format!(
                    "{} {}: category {category:?}, expected {}",
                    policy.file_name, truth.name, truth.category
                ));
            }
            if truth.provider.is_some() && cookie.provider != truth.provider {
                failures.push(format!(
                    "{} {}: provider {:?}, expected {:?}",
                    policy.file_name, truth.name, cookie.provider, truth.provider
                ));
            }
            let duration = cookie.duration.as_ref();
            if duration.map(|d| d.text.as_str()) != Some(truth.duration_text.as_str()) {
                failures.push(format!(
                    "{} {}: duration {:?}, expected {}",
                    policy.file_name,
                    truth.name,
                    duration.map(|d| &d.text),
                    truth.duration_text
                ));
                continue;
            }
            let seconds = duration.and_then(|d| d.seconds);
            let expected_seconds = truth.duration.map(|(count, unit)| {
                let day = 86_400.0;
                let unit_seconds = match unit {
                    "day" => day,
                    "month" => 30.436875 * day,
                    _ => 365.2425 * day,
                };
                (f64::from(count) * unit_seconds).round() as u64
            });
            if seconds != expected_seconds {
                failures
                    .push(format!("{} {}: {seconds:?} s, expected {expected_seconds:?}", policy.file_name, truth.name));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} documents differ:\n{}", failures.len(), failures.join("\n"));
}
