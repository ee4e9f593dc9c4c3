//! What duplicate-cookie and conflicting-declaration share: finding repeated names and comparing
//! two declarations of one name. Not a rule itself.
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
