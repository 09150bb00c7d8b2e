import { test } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";

// The server writes its e-mails as .eml files in its OUTBOX_DIR (no SMTP server in
// tests); each project of playwright.config.ts names its server's folder.

/** An e-mail as written to disk: quoted-printable soft breaks and escapes undone. */
function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === "=" ? /^[0-9A-F]{2}/.exec(joined.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The decoded text of the first e-mail that `matches`, waiting for it to be written. */
export async function findEmail(matches: (text: string) => boolean, what: string): Promise<string> {
  const dir = test.info().project.metadata.outboxDir as string | undefined;
  if (!dir) throw new Error("the project's outboxDir (OUTBOX_DIR) must name the server's outbox folder");
  for (let attempt = 0; attempt < 50; attempt++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".eml")).sort() : [];
    for (const file of files) {
      const text = decodeQuotedPrintable(fs.readFileSync(path.join(dir, file), "utf8"));
      if (matches(text)) return text;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no e-mail (${what}) in ${dir}`);
}

/** The path and query of the first link to `page` in an e-mail to `email`. */
export async function linkFor(email: string, page: string): Promise<string> {
  const pattern = new RegExp(`/${page}\\?jeton=[A-Za-z0-9_-]+`);
  const text = await findEmail((t) => t.includes(`To: ${email}`) && pattern.test(t), `${page} for ${email}`);
  return pattern.exec(text)![0];
}
