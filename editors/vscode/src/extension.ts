// Starts `cookielint lsp` for Markdown, plain text and HTML documents, and restarts it when
// its settings change.
import * as os from "os";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";
import { DOCUMENT_SELECTOR, initializationOptions, needsRestart, readSettings, serverCommand, Settings } from "./settings";

let client: LanguageClient | undefined;
let current: Settings | undefined;
// Restarts run one after another: two quick setting changes must not start two servers.
let restarting: Promise<void> = Promise.resolve();

function restart(output: vscode.OutputChannel): Promise<void> {
  restarting = restarting.then(async () => {
    await stop();
    await start(output);
  });
  return restarting;
}

function settings(): Settings {
  const configuration = vscode.workspace.getConfiguration("cookielint");
  return readSettings((key) => configuration.get(key));
}

async function start(output: vscode.OutputChannel): Promise<void> {
  current = settings();
  const { command, args } = serverCommand(current, os.homedir());
  const serverOptions: ServerOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: initializationOptions(current),
    outputChannel: output,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/cookielint.toml") },
  };
  client = new LanguageClient("cookielint", "cookielint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const message = `cookielint: cannot start \`${command} lsp\` (${error}). Install cookielint or set cookielint.path.`;
    void vscode.window.showErrorMessage(message);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("cookielint");
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("cookielint.restart", () => restart(output)),
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("cookielint") && current && needsRestart(current, settings())) {
        await restart(output);
      }
    }),
  );
  await restart(output);
}

export async function deactivate(): Promise<void> {
  await stop();
}
