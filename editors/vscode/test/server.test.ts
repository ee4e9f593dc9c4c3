// The handshake the extension makes, against the real server: `cookielint lsp` started as the
// extension starts it, with the initialization options its settings give. The program is the
// one COOKIELINT_BIN names (CI builds it first); without it the test says it skipped, and fails
// when CI is set.
import { strict as assert } from "assert";
import { spawn } from "child_process";
import { test } from "node:test";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { initializationOptions, readSettings, serverCommand } from "../src/settings";

const binary = process.env.COOKIELINT_BIN;

async function findings(profile: string): Promise<string[]> {
  const settings = readSettings((key) => ({ path: binary, profile, debounceMs: 0 })[key]);
  const { command, args } = serverCommand(settings, "/nonexistent-home");
  const server = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const uri = "file:///tmp/cookielint-extension-test.md";
  const published = new Promise<string[]>((resolve) => {
    connection.onNotification("textDocument/publishDiagnostics", (params: { uri: string; diagnostics: { code: string }[] }) => {
      if (params.uri === uri) {
        resolve(params.diagnostics.map((d) => d.code));
      }
    });
  });
  connection.listen();
  await connection.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {}, initializationOptions: initializationOptions(settings) });
  await connection.sendNotification("initialized", {});
  const text = "## Analytics cookies\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n| _ga | Google | Counts visits | 24 months |\n";
  await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  const codes = await published;
  await connection.sendRequest("shutdown");
  await connection.sendNotification("exit");
  connection.dispose();
  server.kill();
  return codes;
}

test("the profile setting reaches the server", { timeout: 60_000, skip: !binary && !process.env.CI ? "COOKIELINT_BIN is not set" : false }, async () => {
  assert.ok(binary, "CI is set: COOKIELINT_BIN must name the cookielint program");
  assert.ok((await findings("cnil")).includes("excessive-lifetime"), "24 months of audience measurement is over the CNIL's 13");
  assert.ok(!(await findings("generic")).includes("excessive-lifetime"));
});
