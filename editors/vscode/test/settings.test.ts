// Unit tests of what the extension asks of the server (node --test; no VS Code needed).
import { strict as assert } from "assert";
import { test } from "node:test";
import { initializationOptions, needsRestart, readSettings, serverCommand, DOCUMENT_SELECTOR } from "../src/settings";

const read = (values: Record<string, unknown>) => readSettings((key) => values[key]);

test("defaults: cookielint from the PATH, no profile, 30 ms", () => {
  const settings = read({});
  assert.deepEqual(serverCommand(settings, "/home/me"), { command: "cookielint", args: ["lsp"] });
  assert.deepEqual(initializationOptions(settings), { debounceMs: 30 });
});

test("a configured path is used, with ~ as the home folder", () => {
  assert.equal(serverCommand(read({ path: "/opt/cookielint/bin/cookielint" }), "/home/me").command, "/opt/cookielint/bin/cookielint");
  assert.equal(serverCommand(read({ path: "~/.cargo/bin/cookielint" }), "/home/me").command, "/home/me/.cargo/bin/cookielint");
  assert.equal(serverCommand(read({ path: "  " }), "/home/me").command, "cookielint");
});

test("the profile goes to the server only when it is one the server knows", () => {
  assert.deepEqual(initializationOptions(read({ profile: "cnil" })), { debounceMs: 30, profile: "cnil" });
  assert.deepEqual(initializationOptions(read({ profile: "" })), { debounceMs: 30 });
  assert.deepEqual(initializationOptions(read({ profile: "strict" })), { debounceMs: 30 });
});

test("malformed settings fall back to the defaults", () => {
  const settings = read({ path: 42, profile: null, debounceMs: -5 });
  assert.deepEqual(settings, { path: "", profile: "", debounceMs: 30 });
  assert.equal(read({ debounceMs: 12.7 }).debounceMs, 12);
});

test("a change of path, profile or debounce restarts the server; nothing else does", () => {
  const before = read({ profile: "cnil" });
  assert.equal(needsRestart(before, read({ profile: "cnil" })), false);
  assert.equal(needsRestart(before, read({ profile: "generic" })), true);
  assert.equal(needsRestart(before, read({ profile: "cnil", path: "/x" })), true);
  assert.equal(needsRestart(before, read({ profile: "cnil", debounceMs: 100 })), true);
});

test("Markdown, plain text and HTML files are served", () => {
  const languages = new Set(DOCUMENT_SELECTOR.filter((s) => s.scheme === "file").map((s) => s.language));
  assert.deepEqual([...languages].sort(), ["html", "markdown", "plaintext"]);
});
