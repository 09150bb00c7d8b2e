import { defineConfig } from "@playwright/test";

// scripts/test.sh starts three servers: one on the demo edition (BASE_URL, its e-mails in
// OUTBOX_DIR) for most tests, one with no edition at all (FRESH_BASE_URL,
// FRESH_OUTBOX_DIR) where edition-complete.spec.ts runs a whole edition from its
// creation, and one whose sessions end after a minute without activity
// (SESSION_BASE_URL, SESSION_OUTBOX_DIR) for session-timeout.spec.ts. Chromium comes from Debian: Playwright never downloads a browser here.
export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // The HTML report keeps each page's screenshots (accessibility.spec.ts) beside its test.
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  projects: [
    {
      name: "démo",
      testIgnore: [/edition-complete/, /session-timeout/],
      use: { baseURL: process.env.BASE_URL ?? "http://127.0.0.1:3000" },
      metadata: { outboxDir: process.env.OUTBOX_DIR },
    },
    {
      name: "édition complète",
      testMatch: /edition-complete/,
      use: { baseURL: process.env.FRESH_BASE_URL ?? "http://127.0.0.1:3001" },
      metadata: { outboxDir: process.env.FRESH_OUTBOX_DIR },
    },
    {
      name: "session courte",
      testMatch: /session-timeout/,
      use: { baseURL: process.env.SESSION_BASE_URL ?? "http://127.0.0.1:3002" },
      metadata: { outboxDir: process.env.SESSION_OUTBOX_DIR },
    },
  ],
  use: {
    locale: "fr-FR",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
});
