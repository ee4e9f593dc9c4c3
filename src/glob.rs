//! A small glob matcher for cookie name patterns (`_ga_*`) and config paths (`legacy/**/*.md`):
//! `*` matches any run of characters except `/`, `**` any run at all, `?` one character.

pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // reachable[j]: the pattern prefix read so far can match the first j characters of text.
    let mut reachable = vec![false; t.len() + 1];
    reachable[0] = true;
    let mut i = 0;
    while i < p.len() {
        let mut next = vec![false; t.len() + 1];
        if p[i] == '*' {
            let any = p.get(i + 1) == Some(&'*');
            let mut on = false;
            for j in 0..=t.len() {
                on = reachable[j] || (on && j > 0 && (any || t[j - 1] != '/'));
                next[j] = on;
            }
            i += if any { 2 } else { 1 };
        } else {
            for j in 1..=t.len() {
                next[j] = reachable[j - 1] && (p[i] == '?' || p[i] == t[j - 1]);
            }
            i += 1;
        }
        reachable = next;
    }
    reachable[t.len()]
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn patterns() {
        assert!(glob_match("_ga_*", "_ga_ABC123"));
        assert!(glob_match("_ga_*", "_ga_"));
        assert!(!glob_match("_ga_*", "_gat"));
        assert!(glob_match("_pk_id.*", "_pk_id.1.abcd"));
        assert!(glob_match("legacy/*.md", "legacy/a.md"));
        assert!(!glob_match("legacy/*.md", "legacy/x/a.md"));
        assert!(glob_match("legacy/**.md", "legacy/x/a.md"));
        assert!(glob_match("a?c", "abc"));
        assert!(glob_match("exact", "exact"));
        assert!(!glob_match("exact", "exacts"));
    }
}
