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
// Made once by the runner; its workers load this file again and inherit the
// variable, so every spec finds the same folder (the SMTP sink writes there).
const dataDir = process.env.HAVEN_E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "haven-e2e-"));
process.env.HAVEN_E2E_DATA_DIR = dataDir;
// A real SMTP server on loopback (aiosmtpd, .ci/smtp_sink.py): every e-mail
// Haven sends arrives there and is written, decoded, as JSON in mail/.
const smtpPort = Number(process.env.HAVEN_E2E_SMTP_PORT ?? 3125);
const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

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
  webServer: [
    {
      command: `${python} ${path.resolve(__dirname, "../.ci/smtp_sink.py")} ${smtpPort} ${path.join(dataDir, "mail")}`,
      port: smtpPort,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
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
        // E-mail through the sink, batched at once so specs need not wait.
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        HAVEN_MAIL_FROM: "Haven <noreply@haven.test>",
        HAVEN_PUBLIC_URL: `http://127.0.0.1:${port}`,
        HAVEN_EMAIL_BATCH_MINUTES: "0",
        HAVEN_EMAIL_GRACE_SECONDS: "0",
        HAVEN_EMAIL_POLL_SECONDS: "1",
      },
    },
  ],
});
