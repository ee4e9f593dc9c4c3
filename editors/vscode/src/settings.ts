// What the extension asks of the language server, computed from the settings alone (no VS Code
// API here, so that the unit tests run under plain Node).

/** The extension's settings, as `cookielint.*` in the user's configuration. */
export interface Settings {
  path: string;
  profile: string;
  debounceMs: number;
}

/** The profiles the server knows; anything else leaves the choice to cookielint.toml. */
export const PROFILES = ["generic", "cnil"];

/** The documents the server reads: policies are written in Markdown, plain text and HTML. */
export const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "markdown" },
  { scheme: "file", language: "plaintext" },
  { scheme: "file", language: "html" },
  { scheme: "untitled", language: "markdown" },
  { scheme: "untitled", language: "plaintext" },
];

/** Settings as read from the configuration, with defaults for what is missing or malformed. */
export function readSettings(get: (key: string) => unknown): Settings {
  const path = get("path");
  const profile = get("profile");
  const debounce = get("debounceMs");
  return {
    path: typeof path === "string" ? path.trim() : "",
    profile: typeof profile === "string" ? profile : "",
    debounceMs: typeof debounce === "number" && Number.isFinite(debounce) && debounce >= 0 ? Math.floor(debounce) : 30,
  };
}

/**
 * The program to start: the configured path (a leading `~` is the home folder), or
 * `cookielint` from the PATH.
 */
export function serverCommand(settings: Settings, home: string): { command: string; args: string[] } {
  let command = settings.path === "" ? "cookielint" : settings.path;
  if (command === "~" || command.startsWith("~/")) {
    command = home + command.slice(1);
  }
  return { command, args: ["lsp"] };
}

/** The `initialize` request's options: the server's debounce and, when chosen, the profile. */
export function initializationOptions(settings: Settings): Record<string, unknown> {
  const options: Record<string, unknown> = { debounceMs: settings.debounceMs };
  if (PROFILES.includes(settings.profile)) {
    options.profile = settings.profile;
  }
  return options;
}

/** Whether a change of these settings needs the server started again. */
export function needsRestart(before: Settings, after: Settings): boolean {
  return before.path !== after.path || before.profile !== after.profile || before.debounceMs !== after.debounceMs;
}
