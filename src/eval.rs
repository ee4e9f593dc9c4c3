//! Scores extraction against hand-made annotations (`gold/NNN.json` beside `docs/NNN.txt`):
//! name precision, recall and F1 (a predicted cookie matches a gold one when the names are equal
//! after trimming), then, over matched pairs, the accuracy of provider, category, duration text
//! and purpose where the gold gives them (text compared after collapsing white space and
//! folding typographic quotes).
use crate::model::Policy;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize)]
pub struct GoldCookie {
    pub name: String,
    pub provider: Option<String>,
    pub duration: Option<String>,
    pub category: Option<String>,
    pub purpose: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub layout: Option<String>,
    pub cookies: Vec<GoldCookie>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldScore {
    pub correct: usize,
    pub total: usize,
}

impl FieldScore {
    pub fn accuracy(&self) -> Option<f64> {
        (self.total > 0).then(|| self.correct as f64 / self.total as f64)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentScore {
    pub document: String,
    pub layout: Option<String>,
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
    /// `name: field: want != got`.
    pub wrong_fields: Vec<String>,
    pub language_ok: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Score {
    pub documents: Vec<DocumentScore>,
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
    pub provider: FieldScore,
    pub category: FieldScore,
    pub duration: FieldScore,
    pub purpose: FieldScore,
    pub language: FieldScore,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// White space collapsed, typographic quotes folded: how the gold compares text.
pub fn comparable(text: &str) -> String {
    crate::text::collapse_whitespace(text)
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
            c => c,
        })
        .collect()
}

/// Adds one document's comparison to the score.
pub fn score_document(score: &mut Score, document: &str, gold: &Gold, policy: &Policy) {
    let mut result = DocumentScore {
        document: document.to_string(),
        layout: gold.layout.clone(),
        gold: gold.cookies.len(),
        predicted: policy.cookies.len(),
        ..DocumentScore::default()
    };
    let mut used = vec![false; policy.cookies.len()];
    for want in &gold.cookies {
        let name = want.name.trim();
        let found = policy.cookies.iter().enumerate().find(|(i, c)| !used[*i] && c.name.trim() == name);
        let Some((index, got)) = found else {
            result.missed.push(name.to_string());
            continue;
        };
        used[index] = true;
        result.matched += 1;
        let mut field = |field: &str, score: &mut FieldScore, want: &Option<String>, got: Option<String>| {
            let Some(want) = want else { return };
            score.total += 1;
            let got = got.map(|g| comparable(&g));
            if got.as_deref() == Some(comparable(want).as_str()) {
                score.correct += 1;
            } else {
                result.wrong_fields.push(format!("{name}: {field}: {want:?} != {got:?}"));
            }
        };
        field("provider", &mut score.provider, &want.provider, got.provider.clone());
        field("category", &mut score.category, &want.category, got.category.map(|c| c.as_str().to_string()));
        field("duration", &mut score.duration, &want.duration, got.duration.as_ref().map(|d| d.text.clone()));
        field("purpose", &mut score.purpose, &want.purpose, got.purpose.clone());
    }
    result.spurious =
        policy.cookies.iter().enumerate().filter(|(i, _)| !used[*i]).map(|(_, c)| c.name.clone()).collect();
    if let Some(language) = &gold.language {
        let ok = policy.language.as_deref() == Some(language.as_str());
        score.language.total += 1;
        score.language.correct += usize::from(ok);
        result.language_ok = Some(ok);
    }
    score.true_positives += result.matched;
    score.predicted += result.predicted;
    score.gold += result.gold;
    score.documents.push(result);
}
