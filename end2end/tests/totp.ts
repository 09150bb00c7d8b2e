import { test } from "@playwright/test";
import { createHmac } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

// What an authenticator app does (RFC 6238: HMAC-SHA1, six digits, 30-second steps),
// for the organisers' second factor in the journeys.

const STEP_MS = 30_000;

function base32Bytes(key: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of key.replace(/[\s=]/g, "").toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${key}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The code of `step` for the base32 `key`. */
export function codeOfStep(key: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Bytes(key)).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return (value % 1_000_000).toString().padStart(6, "0");
}

export function currentStep(): number {
  return Math.floor(Date.now() / STEP_MS);
}

/** A code the server has not seen yet: the current step's, or the next one's (a phone a
 *  little ahead), else after waiting for the next step (each code serves once). */
export async function unusedCode(key: string, lastStep: number): Promise<{ code: string; step: number }> {
  for (;;) {
    const now = currentStep();
    const step = Math.max(now, lastStep + 1);
    if (step <= now + 1) return { code: codeOfStep(key, step), step };
    await new Promise((resolve) => setTimeout(resolve, (now + 1) * STEP_MS - Date.now() + 50));
  }
}

/** Where the demo organiser's key and last step used are kept between tests: beside the
 *  project's server's e-mails (a new folder each run, as its database is). */
function statePath(): string {
  const dir = test.info().project.metadata.outboxDir as string | undefined;
  if (!dir) throw new Error("the project's outboxDir (OUTBOX_DIR) must name the server's outbox folder");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, "organiser-totp.json");
}

export function savedFactor(): { key: string; lastStep: number } | undefined {
  const file = statePath();
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
}

export function saveFactor(key: string, lastStep: number) {
  fs.writeFileSync(statePath(), JSON.stringify({ key, lastStep }));
}
