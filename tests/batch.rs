//! `cookielint batch`: every container format, every input accounted for (fault injection),
//! the same extraction as `extract`, ordered output, resume, standard input, summary.
mod common;

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cookielint")).current_dir(cwd).args(args).output().unwrap()
}

fn lines(output: &[u8]) -> Vec<Value> {
    String::from_utf8(output.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn by_source(records: &[Value]) -> std::collections::BTreeMap<String, &Value> {
    records.iter().map(|r| (r["source"].as_str().unwrap().to_string(), r)).collect()
}

const POLICY: &str =
    "## Analytics cookies\n\n| Name | Provider | Duration |\n|---|---|---|\n| _ga | Google | 2 years |\n";

#[test]
fn the_corpus_gives_the_same_extraction_as_extract_in_input_order() {
    let root = common::repo_root();
    let batch = run(&["batch", "--ordered", "--jobs", "2", "-q", "corpus"], &root);
    assert_eq!(batch.status.code(), Some(0), "{}", String::from_utf8_lossy(&batch.stderr));
    let extract = run(&["extract", "--format", "jsonl", "corpus"], &root);
    let batch = lines(&batch.stdout);
    let extract = lines(&extract.stdout);
    assert_eq!(batch.len(), extract.len());
    for (record, expected) in batch.iter().zip(&extract) {
        let mut record = record.clone();
        let status = record.as_object_mut().unwrap().remove("status").unwrap();
        assert_eq!(status, "ok", "{}", record["source"]);
        assert_eq!(&record, expected);
    }
}

#[test]
fn archives_of_every_kind_are_read_member_by_member() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // tar.gz
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    for name in ["a.md", "b.md"] {
        let mut header = tar::Header::new_gnu();
        header.set_size(POLICY.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, POLICY.as_bytes()).unwrap();
    }
    std::fs::write(d.join("p.tar.gz"), tar.into_inner().unwrap().finish().unwrap()).unwrap();
    // zip
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("policies/c.md", deflated).unwrap();
    zip.write_all(POLICY.as_bytes()).unwrap();
    zip.start_file("policies/none.txt", deflated).unwrap();
    zip.write_all(b"We do not use cookies on this site.").unwrap();
    std::fs::write(d.join("p.zip"), zip.finish().unwrap().into_inner()).unwrap();
    // warc.gz: one gzip member per record, as crawlers write it
    let mut warc = Vec::new();
    for (uri, kind, http) in [
        ("https://e.example/", "request", "GET / HTTP/1.1\r\nHost: e.example\r\n\r\n".to_string()),
        (
            "https://e.example/cookies",
            "response",
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/markdown\r\n\r\n{POLICY}"),
        ),
        ("https://e.example/logo.png", "response", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG".to_string()),
    ] {
        let record = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-01T12:00:00Z\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(record.as_bytes()).unwrap();
        warc.extend(gz.finish().unwrap());
    }
    std::fs::write(d.join("crawl.warc.gz"), warc).unwrap();
    // JSON Lines
    let jsonl = [
        serde_json::json!({"id": "site-1", "url": "https://one.example/cookies", "text": POLICY}).to_string(),
        serde_json::json!({"id": "site-2", "html": "<h2>Marketing cookies</h2><ul><li>_fbp — 3 months — ads</li></ul>"}).to_string(),
        "{not json".to_string(),
    ];
    std::fs::write(d.join("docs.jsonl"), jsonl.join("\n") + "\n").unwrap();

    let output = run(&["batch", "--ordered", "-q", "p.tar.gz", "p.zip", "crawl.warc.gz", "docs.jsonl"], d);
    let records = lines(&output.stdout);
    let status: Vec<(&str, &str)> =
        records.iter().map(|r| (r["source"].as_str().unwrap(), r["status"].as_str().unwrap())).collect();
    assert_eq!(
        status,
        [
            ("p.tar.gz!a.md", "ok"),
            ("p.tar.gz!b.md", "ok"),
            ("p.zip!policies/c.md", "ok"),
            ("p.zip!policies/none.txt", "no-cookies"),
            ("https://e.example/cookies", "ok"),
            ("https://e.example/logo.png", "error"),
            ("site-1", "ok"),
            ("site-2", "ok"),
            ("docs.jsonl:3", "error"),
        ]
    );
    assert_eq!(records[4]["date"], "2025-03-01T12:00:00Z");
    assert_eq!(records[6]["url"], "https://one.example/cookies");
    assert_eq!(records[7]["format"], "html");
    assert_eq!(records[7]["cookies"][0]["name"], "_fbp");
    assert_eq!(output.status.code(), Some(2), "some inputs failed");
}

/// Fault injection: every bad input is a record with status error, the run finishes, and the
/// exit status says that some inputs failed.
#[cfg(unix)]
#[test]
fn every_faulty_input_is_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tree = d.join("tree");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    std::fs::write(tree.join("good.md"), POLICY).unwrap();
    std::fs::write(tree.join("empty.md"), b"").unwrap();
    std::fs::write(tree.join("latin1.txt"), b"Cookies n\xE9cessaires\n\nNom\tDur\xE9e\nx_sess\tSession\n").unwrap();
    std::fs::write(tree.join("binary.md"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    // 200 MB, sparse: refused by its size before any byte is read.
    std::fs::File::create(tree.join("huge.txt")).unwrap().set_len(200 * 1024 * 1024).unwrap();
    std::os::unix::fs::symlink("..", tree.join("sub").join("loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", tree.join("dangling.md")).unwrap();
    // No read permission. Root reads it anyway, so the test learns what this machine does.
    let locked = tree.join("locked.md");
    std::fs::write(&locked, POLICY).unwrap();
    std::fs::set_permissions(&locked, <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o000))
        .unwrap();
    let refused = std::fs::read(&locked).is_err();
    let fifo = tree.join("pipe.md");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // A gzip stream cut in the middle.
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::none()));
    for name in ["one.md", "two.md", "three.md"] {
        let text = POLICY.repeat(20);
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_cksum();
        tar.append_data(&mut header, name, text.as_bytes()).unwrap();
    }
    let gz = tar.into_inner().unwrap().finish().unwrap();
    std::fs::write(tree.join("cut.tar.gz"), &gz[..gz.len() / 2]).unwrap();
    // A zip whose second member's compressed bytes are damaged.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for name in ["first.md", "second.md"] {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(POLICY.repeat(10).as_bytes()).unwrap();
    }
    let mut bytes = zip.finish().unwrap().into_inner();
    let second = bytes.windows(9).position(|w| w == b"second.md").unwrap();
    for byte in &mut bytes[second + 9..second + 40] {
        *byte ^= 0x5a;
    }
    std::fs::write(tree.join("damaged.zip"), bytes).unwrap();

    let output = run(&["batch", "--ordered", "-q", "--summary", "summary.json", "tree", "missing.warc"], d);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let records = lines(&output.stdout);
    let records = by_source(&records);
    let status = |source: &str| -> (&str, String) {
        let record = records.get(source).unwrap_or_else(|| panic!("no record for {source}: {:?}", records.keys()));
        (record["status"].as_str().unwrap(), record["error"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(status("tree/good.md").0, "ok");
    assert_eq!(status("tree/empty.md").0, "no-cookies");
    assert_eq!(status("tree/latin1.txt").0, "ok");
    assert!(status("tree/binary.md").1.contains("binary"));
    assert!(status("tree/huge.txt").1.contains("over the limit"));
    assert!(status("tree/dangling.md").1.contains("no such file"));
    assert!(status("tree/pipe.md").1.contains("not a regular file"));
    if refused {
        let (state, error) = status("tree/locked.md");
        assert_eq!(state, "error");
        assert!(error.to_lowercase().contains("permission denied"), "{error}");
    } else {
        assert_eq!(status("tree/locked.md").0, "ok");
    }
    assert!(status("tree/sub/loop").1.contains("loops back"));
    assert_eq!(status("tree/cut.tar.gz!one.md").0, "ok");
    assert!(records.keys().any(|k| k.starts_with("tree/cut.tar.gz") && records[k]["status"] == "error"));
    assert_eq!(status("tree/damaged.zip!first.md").0, "ok");
    assert_eq!(status("tree/damaged.zip!second.md").0, "error");
    assert!(status("missing.warc").1.contains("no such file"));
    let summary = common::read_json(&d.join("summary.json"));
    assert_eq!(summary["documents"].as_u64().unwrap(), records.len() as u64);
    assert!(summary["by_status"]["error"].as_u64().unwrap() >= 8);
}

#[test]
fn resume_skips_what_is_written_and_redoes_a_cut_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("in")).unwrap();
    for i in 0..6 {
        std::fs::write(d.join("in").join(format!("p{i}.md")), POLICY.replace("_ga", &format!("_ga{i}"))).unwrap();
    }
    let first = run(&["batch", "--ordered", "-q", "in", "-o", "out.jsonl"], d);
    assert_eq!(first.status.code(), Some(0));
    // An interrupted run: three complete lines and half of the fourth.
    let full = std::fs::read_to_string(d.join("out.jsonl")).unwrap();
    let cut: usize = full.lines().take(3).map(|l| l.len() + 1).sum::<usize>() + 40;
    std::fs::write(d.join("out.jsonl"), &full[..cut]).unwrap();
    let resumed = run(&["batch", "--ordered", "--resume", "in", "-o", "out.jsonl", "--summary", "s.json"], d);
    assert_eq!(resumed.status.code(), Some(0));
    let after = std::fs::read_to_string(d.join("out.jsonl")).unwrap();
    assert_eq!(after, full, "the resumed output is the uninterrupted one");
    assert_eq!(common::read_json(&d.join("s.json"))["resumed"], 3);
}

#[test]
fn stdin_jsonl_streams_results_to_stdout_with_findings() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .args(["batch", "--stdin-jsonl", "--lint", "--ordered"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = (0..50)
        .map(|i| serde_json::json!({"id": format!("doc-{i}"), "text": POLICY}).to_string() + "\n")
        .collect::<String>();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let records = lines(&output.stdout);
    let ids: Vec<String> = records.iter().map(|r| r["source"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, (0..50).map(|i| format!("doc-{i}")).collect::<Vec<_>>());
    let rules: Vec<&str> =
        records[0]["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["missing-purpose"]);
}

/// Input that comes in bursts, with pauses longer than a batch takes to read: every worker
/// thread goes on to the next burst, and every record comes out (a thread with nothing in flight
/// waits for input instead of ending).
#[test]
fn input_in_bursts_is_read_to_the_end() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .args(["batch", "-q", "--stdin-jsonl", "--jobs", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut id = 0;
    for _ in 0..4 {
        for _ in 0..40 {
            let line = serde_json::json!({"id": format!("doc-{id}"), "text": POLICY}).to_string() + "\n";
            stdin.write_all(line.as_bytes()).unwrap();
            id += 1;
        }
        stdin.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(400));
    }
    drop(stdin);
    let mut stdout = child.stdout.take().unwrap();
    let reading = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut bytes).map(|_| bytes)
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed().as_secs() > 120 {
            let _ = child.kill();
            panic!("the run did not end");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    let records = lines(&reading.join().unwrap().unwrap());
    let mut ids: Vec<&str> = records.iter().map(|r| r["source"].as_str().unwrap()).collect();
    ids.sort_by_key(|id| id[4..].parse::<u32>().unwrap());
    assert_eq!(ids, (0..160).map(|i| format!("doc-{i}")).collect::<Vec<_>>());
}

/// Writes `count` synthetic policies into `dir`.
fn synthetic_folder(dir: &Path, count: u64) {
    std::fs::create_dir_all(dir).unwrap();
    for index in 0..count {
        let policy = cookielint::synth::generate(3, index);
        std::fs::write(dir.join(&policy.file_name), &policy.text).unwrap();
    }
}

/// Waits until `path` holds at least `lines` complete lines (at most a minute).
fn wait_for_lines(path: &Path, lines: usize) -> usize {
    let start = std::time::Instant::now();
    loop {
        let count = std::fs::read(path).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        if count >= lines || start.elapsed() > std::time::Duration::from_secs(60) {
            return count;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// A run killed with SIGKILL part of the way through, then resumed on the same output, gives the
/// output of a run that was never interrupted: in input order, byte for byte; in the order
/// documents finish, the same lines.
#[test]
fn a_run_killed_mid_way_resumes_to_the_uninterrupted_result() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    synthetic_folder(&d.join("in"), 400);
    for ordered in [true, false] {
        let order: &[&str] = if ordered { &["--ordered"] } else { &[] };
        let with = |extra: &[&str]| -> Vec<String> {
            let mut args: Vec<String> = ["batch", "-q", "--jobs", "2", "in"].iter().map(|s| s.to_string()).collect();
            args.extend(order.iter().chain(extra).map(|s| s.to_string()));
            args
        };
        let reference = run(&with(&["-o", "full.jsonl"]).iter().map(String::as_str).collect::<Vec<_>>(), d);
        assert_eq!(reference.status.code(), Some(0), "{}", String::from_utf8_lossy(&reference.stderr));
        let full = std::fs::read_to_string(d.join("full.jsonl")).unwrap();
        assert_eq!(full.lines().count(), 400);

        let _ = std::fs::remove_file(d.join("out.jsonl"));
        let temporary = d.join(if ordered { "tmp-ordered" } else { "tmp" });
        std::fs::create_dir_all(&temporary).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
            .current_dir(d)
            .env("TMPDIR", &temporary)
            .args(with(&["-o", "out.jsonl"]))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_lines(&d.join("out.jsonl"), 40);
        child.kill().unwrap(); // SIGKILL: no destructor, no flush
        child.wait().unwrap();
        // Nothing is left in the temporary folder: each worker removed its progress file's name
        // when it opened it (a worker the kill orphaned still does, then sees its input end).
        #[cfg(unix)]
        {
            let left = || std::fs::read_dir(&temporary).unwrap().count();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while left() > 0 && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            assert_eq!(left(), 0, "files left behind in the temporary folder");
        }
        let interrupted = std::fs::read_to_string(d.join("out.jsonl")).unwrap();
        let complete = interrupted.matches('\n').count();
        assert!((40..400).contains(&complete), "killed after {complete} of 400 records");
        if ordered {
            assert!(full.starts_with(&interrupted[..interrupted.rfind('\n').unwrap() + 1]));
        }

        let resumed = run(&with(&["-o", "out.jsonl", "--resume"]).iter().map(String::as_str).collect::<Vec<_>>(), d);
        assert_eq!(resumed.status.code(), Some(0), "{}", String::from_utf8_lossy(&resumed.stderr));
        let after = std::fs::read_to_string(d.join("out.jsonl")).unwrap();
        if ordered {
            assert_eq!(after, full, "the resumed output is the uninterrupted one");
        } else {
            let sorted = |text: &str| {
                let mut lines: Vec<&str> = text.lines().collect();
                lines.sort_unstable();
                lines.into_iter().map(str::to_string).collect::<Vec<_>>()
            };
            assert_eq!(sorted(&after), sorted(&full), "the resumed output holds the same records");
        }
    }
}

/// Each record is on disk as soon as it is made: while the input stalls (a FIFO no one writes
/// to yet), every record of the documents before it can already be read from the output, and
/// is still there after a SIGKILL.
#[cfg(unix)]
#[test]
fn records_reach_the_output_as_soon_as_they_are_made() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 64 documents: two full batches, so that none waits in the reader for more.
    synthetic_folder(&d.join("in"), 64);
    assert!(Command::new("mkfifo").arg(d.join("stall.md")).status().unwrap().success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .current_dir(d)
        .args(["batch", "-q", "--jobs", "2", "in", "stall.md", "-o", "out.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let written = wait_for_lines(&d.join("out.jsonl"), 64);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(written, 64, "records held back in a buffer while the input stalls");
    let output = std::fs::read_to_string(d.join("out.jsonl")).unwrap();
    assert_eq!(output.lines().count(), 64);
    assert!(output.ends_with('\n'));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A folder: compressed single policies are read (a truncated one is an error record), and
/// every other file is counted in the summary by why it was not read.
#[test]
fn folders_read_compressed_policies_and_count_what_they_pass_over() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = d.join("in");
    std::fs::create_dir_all(f.join("sub")).unwrap();
    std::fs::create_dir_all(f.join(".git")).unwrap();
    std::fs::write(f.join("policy.txt.gz"), gzip(POLICY.as_bytes())).unwrap();
    let html = "<html><body><h2>Analytics cookies</h2><table><tr><th>Name</th><th>Duration</th></tr><tr><td>_gid</td><td>1 day</td></tr></table></body></html>";
    std::fs::write(f.join("page.html.gz"), gzip(html.as_bytes())).unwrap();
    let whole = gzip(POLICY.repeat(50).as_bytes());
    std::fs::write(f.join("cut.md.gz"), &whole[..whole.len() / 2]).unwrap();
    std::fs::write(f.join("notes.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(f.join("data.csv"), "name,duration\n_fbp,3 months\n").unwrap();
    std::fs::write(f.join("README"), "no ending").unwrap();
    std::fs::write(f.join(".hidden.md"), POLICY).unwrap();
    std::fs::write(f.join(".git").join("config"), "x").unwrap();
    std::fs::write(f.join("sub").join("b.md"), POLICY).unwrap();
    std::fs::write(f.join("sub").join("draft.md"), POLICY).unwrap();

    let out = run(&["batch", "-q", "in", "--summary", "s.json", "--exclude", "sub/draft.md"], d);
    assert_eq!(out.status.code(), Some(2), "the truncated file is an error");
    let records = lines(&out.stdout);
    let records = by_source(&records);
    let source = |name: &str| f.join(name).display().to_string().replace(&format!("{}/", d.display()), "");
    assert_eq!(records.len(), 4, "{:?}", records.keys());
    assert_eq!(records[&source("policy.txt.gz")]["status"], "ok");
    assert_eq!(records[&source("policy.txt.gz")]["cookies"][0]["name"], "_ga");
    let page = records[&source("page.html.gz")];
    assert_eq!((page["status"].as_str(), page["format"].as_str()), (Some("ok"), Some("html")));
    let cut = records[&source("cut.md.gz")];
    assert_eq!(cut["status"], "error");
    assert!(cut["error"].as_str().unwrap().contains("gzip"), "{cut}");
    assert_eq!(records[&source("sub/b.md")]["status"], "ok");
    let summary = common::read_json(&d.join("s.json"));
    let skipped = &summary["skipped"];
    assert_eq!(skipped["not_a_policy"], 3, "{skipped}");
    assert_eq!(skipped["not_a_policy_by_ending"][".pdf"], 1);
    assert_eq!(skipped["not_a_policy_by_ending"][".csv"], 1);
    assert_eq!(skipped["not_a_policy_by_ending"]["(none)"], 1);
    assert_eq!(skipped["excluded"], 1);
    assert_eq!(skipped["hidden"], 2, "a hidden file and a hidden folder");

    // --include chooses by name, whatever the ending; --exclude still wins.
    let out = run(&["batch", "-q", "in", "--summary", "s.json", "--include", "*.csv", "--include", "sub/*"], d);
    let records = lines(&out.stdout);
    let sources: Vec<&str> = records.iter().map(|r| r["source"].as_str().unwrap()).collect();
    assert_eq!(sources.len(), 3, "{sources:?}");
    assert!(sources.contains(&source("data.csv").as_str()));
    let summary = common::read_json(&d.join("s.json"));
    assert_eq!(summary["skipped"]["excluded"], 5, "{}", summary["skipped"]);
}

/// A folder holding only compressed text policies gives one document each.
#[test]
fn a_dump_of_compressed_text_policies_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("dump")).unwrap();
    for i in 0..5 {
        let text = POLICY.replace("_ga", &format!("_ga{i}"));
        std::fs::write(d.join("dump").join(format!("{i}.txt.gz")), gzip(text.as_bytes())).unwrap();
    }
    let out = run(&["batch", "-q", "dump"], d);
    assert_eq!(out.status.code(), Some(0));
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 5);
    assert!(records.iter().all(|r| r["status"] == "ok"));
    // Named on the command line, too.
    let out = run(&["batch", "-q", "dump/3.txt.gz"], d);
    assert_eq!(lines(&out.stdout)[0]["cookies"][0]["name"], "_ga3");
}

/// Pages nested 40,000 deep beside good documents: the run finishes, exits 0 and writes every
/// record (each deep page read as far as the nesting limit allows, with a note).
#[test]
fn deeply_nested_pages_do_not_take_down_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("in")).unwrap();
    let table = "<h2>Analytics cookies</h2><table><tr><th>Name</th><th>Duration</th></tr><tr><td>_ga</td><td>2 years</td></tr></table>";
    let divs = format!("<html><body>{table}{}x{}</body></html>", "<div>".repeat(40_000), "</div>".repeat(40_000));
    let cells = format!("<html><body>{table}{}x</body></html>", "<table><tr><td>".repeat(12_500));
    std::fs::write(d.join("in").join("divs.html"), divs).unwrap();
    std::fs::write(d.join("in").join("cells.html"), cells).unwrap();
    for i in 0..4 {
        std::fs::write(d.join("in").join(format!("good{i}.md")), POLICY).unwrap();
    }
    let out = run(&["batch", "--jobs", "2", "in", "-o", "out.jsonl", "--summary", "s.json"], d);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let records = lines(&std::fs::read(d.join("out.jsonl")).unwrap());
    assert_eq!(records.len(), 6);
    for record in &records {
        assert_eq!(record["status"], "ok", "{}", record["source"]);
        assert_eq!(record["cookies"][0]["name"], "_ga");
    }
    assert_eq!(common::read_json(&d.join("s.json"))["nested_past_limit"], 2);
}

/// A policy long enough to be read for a good while (a debug build reads it in seconds): a
/// worker process can be killed while it reads it.
fn slow_policy() -> String {
    let mut slow = String::from("## Cookies\n\n| Name | Provider | Purpose | Duration |\n|---|---|---|---|\n");
    for row in 0..6000 {
        slow.push_str(&format!(
            "| slow_{row} | Example Ltd | Remembers choice {row} of the visitor | {} days |\n",
            row % 30 + 1
        ));
    }
    slow
}

/// The processes a process started (Linux: every thread's `children`).
#[cfg(target_os = "linux")]
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Vec::new() };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .flat_map(|list| list.split_whitespace().filter_map(|p| p.parse().ok()).collect::<Vec<u32>>())
        .collect()
}

/// A document whose worker process is killed while it reads it (SIGKILL, as the out-of-memory
/// killer sends) becomes an error record saying so; the documents after it are read by a new
/// process; the run ends with the error status and every record.
#[cfg(target_os = "linux")]
#[test]
fn a_document_that_kills_its_worker_process_costs_only_that_document() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    // A full batch of documents first (records go back to the writer a batch at a time).
    for index in 0..32 {
        std::fs::write(input.join(format!("a{index:02}.md")), POLICY).unwrap();
    }
    std::fs::write(input.join("m.md"), slow_policy()).unwrap();
    std::fs::write(input.join("z.md"), POLICY.replace("_ga", "_gid")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .current_dir(d)
        .args(["batch", "-q", "--jobs", "1", "--ordered", "in", "-o", "out.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The first batch is written: the worker process is now on m.md.
    assert_eq!(wait_for_lines(&d.join("out.jsonl"), 32), 32);
    let workers = children_of(child.id());
    assert_eq!(workers.len(), 1, "one worker process for one worker thread");
    assert!(Command::new("kill").args(["-KILL", &workers[0].to_string()]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(2), "a document failed");
    let records = lines(&std::fs::read(d.join("out.jsonl")).unwrap());
    let records = &records[32..];
    let sources: Vec<&str> = records.iter().map(|r| r["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["in/m.md", "in/z.md"]);
    let statuses: Vec<&str> = records.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["error", "ok"]);
    let error = records[0]["error"].as_str().unwrap();
    assert!(error.contains("worker process") && error.contains("signal 9"), "{error}");
    assert_eq!(records[1]["cookies"][0]["name"], "_gid");
}

/// A worker process killed in the middle of a batch, its replies to the documents before still
/// in its buffer: the document it was reading becomes the error record, the documents before
/// and after it are read again by a new process.
#[cfg(target_os = "linux")]
#[test]
fn a_worker_killed_mid_batch_costs_the_document_it_was_reading() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a0.md"), POLICY).unwrap();
    std::fs::write(input.join("a1.md"), POLICY).unwrap();
    std::fs::write(input.join("m.md"), slow_policy()).unwrap();
    std::fs::write(input.join("z.md"), POLICY.replace("_ga", "_gid")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .current_dir(d)
        .args(["batch", "-q", "--jobs", "1", "--ordered", "in", "-o", "out.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The worker's progress file (its path is on the worker's command line; the worker removed
    // the name once open, so it is read through the worker's descriptor) says when it has
    // started the third document, m.md.
    let started = std::time::Instant::now();
    let worker = loop {
        assert!(started.elapsed().as_secs() < 60, "no worker reached m.md");
        let found = children_of(child.id()).into_iter().find_map(|pid| {
            let line = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
            let args: Vec<String> = line.split(|&b| b == 0).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
            let path = args.iter().position(|a| a == "--progress").and_then(|i| args.get(i + 1))?;
            let descriptor = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.flatten().find(|entry| {
                std::fs::read_link(entry.path()).is_ok_and(|target| target.to_string_lossy().starts_with(path.as_str()))
            })?;
            let bytes = std::fs::read(descriptor.path()).ok()?;
            (bytes.len() >= 8 && u64::from_le_bytes(bytes[..8].try_into().unwrap()) == 3).then_some(pid)
        });
        match found {
            Some(pid) => break pid,
            None => std::thread::sleep(std::time::Duration::from_millis(2)),
        }
    };
    assert!(Command::new("kill").args(["-KILL", &worker.to_string()]).status().unwrap().success());
    assert_eq!(child.wait().unwrap().code(), Some(2), "a document failed");
    let records = lines(&std::fs::read(d.join("out.jsonl")).unwrap());
    let summary: Vec<(&str, &str)> =
        records.iter().map(|r| (r["source"].as_str().unwrap(), r["status"].as_str().unwrap())).collect();
    assert_eq!(summary, [("in/a0.md", "ok"), ("in/a1.md", "ok"), ("in/m.md", "error"), ("in/z.md", "ok")]);
    assert!(records[2]["error"].as_str().unwrap().contains("signal 9"));
    assert_eq!(records[3]["cookies"][0]["name"], "_gid");
}

/// Worker processes and threads give the same records, byte for byte.
#[test]
fn worker_processes_and_threads_give_the_same_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    synthetic_folder(&d.join("in"), 120);
    let processes = run(&["batch", "-q", "--jobs", "2", "--ordered", "--lint", "in"], d);
    let threads = run(&["batch", "-q", "--jobs", "2", "--ordered", "--lint", "--in-process", "in"], d);
    assert_eq!(processes.status.code(), Some(0), "{}", String::from_utf8_lossy(&processes.stderr));
    assert_eq!(lines(&processes.stdout).len(), 120);
    assert!(processes.stdout == threads.stdout, "the same lines");
}
