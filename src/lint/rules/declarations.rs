//! What duplicate-cookie and conflicting-declaration share: finding repeated names and comparing
//! two declarations of one name. Not a rule itself.
use crate::lint::Context;
use crate::model::Cookie;

/// The fields that differ between two declarations of one name.
pub(super) fn differences(a: &Cookie, b: &Cookie) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if a.category.is_some() && b.category.is_some() && a.category != b.category {
        fields.push("category");
    }
    let duration =
        |c: &Cookie| c.duration.as_ref().map(|d| (d.seconds, d.kind, d.seconds.is_none().then(|| d.text.clone())));
    if a.duration.is_some() && b.duration.is_some() && duration(a) != duration(b) {
        fields.push("duration");
    }
    if a.provider.is_some() && b.provider.is_some() && a.provider_canonical != b.provider_canonical {
        fields.push("provider");
    }
    let purpose = |c: &Cookie| c.purpose.as_deref().map(crate::text::fold);
    if a.purpose.is_some() && b.purpose.is_some() && purpose(a) != purpose(b) {
        fields.push("purpose");
    }
    fields
}

/// Later declarations of a name, each with the first one. One pass with a map of first
/// declarations, so that a table of 100,000 rows costs 100,000 lookups.
pub(super) fn repeats<'a>(ctx: &Context<'a>) -> Vec<(&'a Cookie, &'a Cookie)> {
    let mut first: std::collections::HashMap<&str, &'a Cookie> = std::collections::HashMap::new();
    let mut pairs = Vec::new();
    for cookie in &ctx.policy.cookies {
        match first.get(cookie.name.as_str()) {
            Some(earlier) if earlier.span != cookie.span => pairs.push((*earlier, cookie)),
            Some(_) => {}
            None => {
                first.insert(cookie.name.as_str(), cookie);
            }
        }
    }
    pairs
}
