import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// bench/lighthouse.sh: the browser journeys that sign in before Lighthouse measures a
// page (end2end/bench/), against the server the script starts (BASE_URL, OUTBOX_DIR).
export default defineConfig({
  ...base,
  testDir: "./bench",
  reporter: [["list"]],
  projects: [
    {
      name: "mesure",
      use: { baseURL: process.env.BASE_URL ?? "http://127.0.0.1:3000" },
      metadata: { outboxDir: process.env.OUTBOX_DIR },
    },
  ],
});
