use crate::diagnostics::Severity;
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "missing-vendor-cookie",
    code: "CL019",
    severity: Severity::Warning,
    summary: "A cookie a vendor discloses in its TCF deviceStorage.json is not declared in the policy.",
    rationale: "Under the IAB TCF, vendors publish what they store on the device (Device Storage \
                Disclosure); a site that embeds the vendor stores those cookies too, and ePrivacy \
                Art. 5(3) asks that the visitor be told about each of them. Only disclosures of type \
                `cookie` are compared; wildcards match declared names and patterns.",
    violation: "The vendor's deviceStorage.json discloses `uid*`; the policy lists only `_ga`.",
    fix: "Declare the vendor's cookie (name or pattern, provider, purpose, duration), or remove the vendor.",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    let Some(disclosed) = ctx.disclosed else { return };
    let mut reported: Vec<&str> = Vec::new();
    for disclosure in disclosed.iter().filter(|d| d.is_cookie() || d.is_web_storage()) {
        let declared = ctx.policy.cookies.iter().any(|c| disclosure.same_kind(c.kind) && disclosure.names(c));
        if reported.contains(&disclosure.identifier.as_str()) || declared {
            continue;
        }
        reported.push(&disclosure.identifier);
        findings
            .report(
                ctx.document_span(),
                format!("`{}` is disclosed by a vendor (deviceStorage.json) but not declared", disclosure.identifier),
            )
            .help = Some(format!("declare `{}` with the vendor as its provider", disclosure.identifier));
    }
}
