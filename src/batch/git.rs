//! Policy archives kept in git (public policy-history datasets, Open Terms Archive's versions
//! repositories): one file per site, one commit per snapshot, the commit date as the capture
//! date. Every version of every matching file is read, oldest first: a file's version is the
//! blob it has in a commit where it changed (a commit that leaves it untouched adds nothing).
//!
//! Commits are ordered by committer time; with merges, every commit reachable from HEAD is
//! visited once. Blobs are read one at a time, so memory stays flat whatever the history's size.
use super::Document;
use crate::glob::glob_match;
use std::collections::HashMap;
use std::path::Path;

/// One version of one file.
pub struct Version {
    pub path: String,
    pub commit: String,
    /// Committer time, Unix seconds.
    pub seconds: i64,
    /// The file is gone in this commit (content empty).
    pub deleted: bool,
    pub content: Result<Vec<u8>, String>,
}

impl Version {
    /// `PATH@COMMIT` (twelve hex digits), the batch record's source.
    pub fn source(&self) -> String {
        format!("{}@{}", self.path, &self.commit[..self.commit.len().min(12)])
    }

    /// The commit date as RFC 3339 UTC.
    pub fn date(&self) -> String {
        crate::calendar::format_rfc3339(self.seconds)
    }

    pub fn into_document(self) -> Document {
        let (source, date) = (self.source(), self.date());
        Document { source, content: self.content, format: None, url: None, date: Some(date) }
    }
}

/// Which files of the tree are read: a glob on the path inside the repository (`*` stops at
/// `/`, `**` does not), or by default every file with a policy extension.
pub fn wanted(path: &str, pattern: Option<&str>) -> bool {
    match pattern {
        Some(pattern) => glob_match(pattern, path),
        None => {
            let lower = path.to_ascii_lowercase();
            super::inputs::POLICY_EXTENSIONS.iter().any(|ext| lower.ends_with(&format!(".{ext}")))
        }
    }
}

/// Calls `emit` for every version of every wanted file, oldest commit first; stops early when
/// `emit` returns false. Fails only when the repository cannot be opened or walked; a blob
/// that cannot be read is a version whose content is the error.
pub fn versions(
    repository: &Path,
    select: &dyn Fn(&str) -> bool,
    max_size: u64,
    mut emit: impl FnMut(Version) -> bool,
) -> Result<(), String> {
    let repo = gix::open(repository).map_err(|e| format!("not a git repository: {e}"))?;
    let head = repo.head_id().map_err(|e| format!("no HEAD commit: {e}"))?;
    let mut commits: Vec<(i64, gix::ObjectId)> = Vec::new();
    for info in repo.rev_walk([head.detach()]).all().map_err(|e| format!("cannot walk the history: {e}"))? {
        let info = info.map_err(|e| format!("cannot walk the history: {e}"))?;
        let seconds = info.object().ok().and_then(|c| c.time().ok()).map_or(0, |t| t.seconds);
        commits.push((seconds, info.id));
    }
    // Oldest first; the walk order breaks ties, reversed, so that a parent comes before its child.
    commits.reverse();
    commits.sort_by_key(|(seconds, _)| *seconds);
    let mut last_blob: HashMap<String, gix::ObjectId> = HashMap::new();
    for (seconds, id) in commits {
        let commit_hex = id.to_string();
        let files = repo
            .find_commit(id)
            .map_err(|e| e.to_string())
            .and_then(|c| c.tree().map_err(|e| e.to_string()))
            .and_then(|t| t.traverse().breadthfirst.files().map_err(|e| e.to_string()));
        let files = match files {
            Ok(files) => files,
            Err(error) => {
                let version = Version {
                    path: String::new(),
                    commit: commit_hex,
                    seconds,
                    deleted: false,
                    content: Err(format!("cannot read the commit's tree: {error}")),
                };
                if !emit(version) {
                    return Ok(());
                }
                continue;
            }
        };
        let mut present: std::collections::HashSet<String> = std::collections::HashSet::new();
        for entry in files.into_iter().filter(|e| e.mode.is_blob()) {
            let path = entry.filepath.to_string();
            if !select(&path) {
                continue;
            }
            present.insert(path.clone());
            if last_blob.get(&path) == Some(&entry.oid) {
                continue;
            }
            last_blob.insert(path.clone(), entry.oid);
            let content = match repo.find_object(entry.oid) {
                Ok(object) if object.data.len() as u64 > max_size => {
                    Err(super::inputs::too_large(object.data.len() as u64, max_size))
                }
                Ok(object) => Ok(object.detach().data),
                Err(error) => Err(format!("cannot read the blob: {error}")),
            };
            if !emit(Version { path, commit: commit_hex.clone(), seconds, deleted: false, content }) {
                return Ok(());
            }
        }
        let mut gone: Vec<String> = last_blob.keys().filter(|p| !present.contains(*p)).cloned().collect();
        gone.sort();
        for path in gone {
            last_blob.remove(&path);
            if !emit(Version { path, commit: commit_hex.clone(), seconds, deleted: true, content: Ok(Vec::new()) }) {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The batch reader: every version as a document (skipping the sources `--resume` already
/// has); a repository that cannot be read is one document whose content is the error. Returns
/// false when the consumer stopped.
pub fn read(
    repository: &Path,
    pattern: Option<&str>,
    settings: &super::inputs::ReadSettings,
    emit: &mut dyn FnMut(Document) -> bool,
) -> bool {
    let mut going = true;
    let select = |path: &str| wanted(path, pattern);
    let walked = versions(repository, &select, settings.max_file_size, |version| {
        if version.deleted || (settings.skip)(&version.source()) {
            return true;
        }
        going = emit(version.into_document());
        going
    });
    match walked {
        Err(error) if going => emit(Document::failed(repository.display().to_string(), error)),
        _ => going,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_and_glob_selection() {
        assert!(wanted("sites/shop.example.md", None) && !wanted("README", None));
        assert!(wanted("Cookie Policy/shop.html", Some("**/*.html")));
        assert!(!wanted("Privacy Policy/shop.html", Some("Cookie Policy/*")));
    }
}
