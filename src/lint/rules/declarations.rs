//! What duplicate-cookie and conflicting-declaration share: finding repeated names and comparing
//! two declarations of one name. Not a rule itself.
use crate::model::Cookie;

/// The fields that differ between two declarations of one name.
pub(super) fn differences(a: &Cookie, b: &Cookie) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if a.category.is_some() && b.category.is_some() && a.category != b.category {
        fields.push("category");
    }
    // What each declaration itself says: a field the knowledge base filled in is no declaration.
    let duration =
        |c: &Cookie| c.declared_duration().map(|d| (d.seconds, d.kind, d.seconds.is_none().then(|| d.text.clone())));
    if a.declared_duration().is_some() && b.declared_duration().is_some() && duration(a) != duration(b) {
        fields.push("duration");
    }
    if a.declared_provider().is_some()
        && b.declared_provider().is_some()
        && a.provider_canonical != b.provider_canonical
    {
        fields.push("provider");
    }
    let purpose = |c: &Cookie| c.purpose.as_deref().map(crate::text::fold);
    if a.purpose.is_some() && b.purpose.is_some() && purpose(a) != purpose(b) {
        fields.push("purpose");
    }
    fields
}
