import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";

// The server under test: the `haven` binary built by `cargo test` / `cargo xtask build`,
// on a fresh SQLite database with the demo content, on its own port.
const port = Number(process.env.HAVEN_E2E_PORT ?? 3100);
const targetDir = process.env.CARGO_TARGET_DIR ?? path.resolve(__dirname, "../target");
const binary = process.env.HAVEN_BIN ?? path.join(targetDir, "debug", "haven");
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.join(targetDir, "site");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "haven-e2e-"));

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // list for people; json so .ci/test can print a plain "N passed, N failed" line.
  reporter: [["list"], ["json", { outputFile: "test-results/results.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not available here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `${binary} serve`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: `sqlite://${dataDir}/haven.db`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      // Every test logs in from 127.0.0.1; the limits themselves are tested in Rust.
      HAVEN_AUTH_ATTEMPTS_PER_ADDRESS: "10000",
      HAVEN_AUTH_ATTEMPTS_PER_ACCOUNT: "1000",
      RUST_LOG: "warn",
      // The demo content every spec logs in with.
      HAVEN_DEMO: "1",
    },
  },
});
