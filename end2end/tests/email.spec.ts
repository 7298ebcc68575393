import { test, expect, type Page } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { hydrated, login, register, startTopic, uniqueName } from "./helpers";

// Issue 19: e-mail through a real SMTP server on loopback (the sink that
// playwright.config.ts starts writes every message it receives, decoded, as
// JSON). An address is confirmed by a link, preferences are chosen on the
// account page, a mention arrives by e-mail with a one-click unsubscribe,
// and a forgotten password is reset by a single-use link.

type Mail = { to: string[]; subject: string; headers: Record<string, string>; body: string };

function received(): Mail[] {
  const dir = path.join(process.env.HAVEN_E2E_DATA_DIR ?? "", "mail");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.startsWith("."))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Mail);
}

/** The newest e-mail to `address` whose subject matches, once it arrived. */
async function mailTo(address: string, subject: RegExp): Promise<Mail> {
  const find = () => received().filter((m) => m.to.includes(address) && subject.test(m.subject)).pop();
  await expect.poll(() => find()?.subject ?? "", { timeout: 30_000 }).toMatch(subject);
  return find()!;
}

function link(mail: Mail, route: string): string {
  const found = mail.body.match(new RegExp(`http://127\\.0\\.0\\.1:\\d+${route}/[0-9a-f]{64}`));
  expect(found, mail.body).not.toBeNull();
  return found![0];
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const [label, viewport] of [
  ["phone", { width: 390, height: 844 }],
  ["desktop", { width: 1366, height: 900 }],
] as const) {
  test(`${label}: confirm an address, get a mention by e-mail, unsubscribe in one click`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const name = uniqueName(`mail${label[0]}`);
    const address = `${name}@example.org`;
    await register(page, name);

    await page.goto("/account#email");
    await hydrated(page);
    const section = page.locator("#email");
    await section.getByLabel("E-mail address").fill(address);
    await section.getByRole("button", { name: "Send confirmation link" }).click();
    await expect(section.getByTestId("email-sent")).toBeVisible();
    await expect(section.getByTestId("email-status")).toContainText(`We sent a confirmation link to ${address}`);

    const confirmation = await mailTo(address, /^Confirm your e-mail address/);
    await page.goto(link(confirmation, "/email/confirm"));
    await hydrated(page);
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByTestId("email-confirmed")).toBeVisible();

    await page.goto("/account#email");
    await hydrated(page);
    await expect(section.getByTestId("email-status")).toContainText(`${address} (confirmed)`);
    await expect(section.getByLabel("Mentions of me")).toBeChecked();
    await section.getByLabel("Updates to guidelines").uncheck();
    await section.getByRole("button", { name: "Save e-mail choices" }).click();
    await expect(section.getByTestId("prefs-saved")).toBeVisible();
    await page.reload();
    await hydrated(page);
    await expect(section.getByLabel("Updates to guidelines")).not.toBeChecked();
    await expect(section.getByLabel("Mentions of me")).toBeChecked();
    await noSidewaysScroll(page);
    await section.screenshot({ path: test.info().outputPath(`email-settings-${label}.png`) });

    // Someone mentions them: one e-mail with the excerpt and the links.
    const writer = await browser.newPage();
    await login(writer, "max_member");
    const words = `Thinking of you, @${name}. mark${Date.now().toString(36)}`;
    await startTopic(writer, "anxiety-and-stress", `For ${name}`, words);
    const mention = await mailTo(address, /mentioned you/);
    expect(mention.subject).toMatch(/^max_member mentioned you in “/);
    expect(mention.body).toContain(words.split(". ")[1]);
    expect(mention.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mention.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/v1\/email\/unsubscribe\//);

    // The link in the e-mail turns every notification e-mail off.
    const other = await browser.newPage({ viewport });
    await other.goto(link(mention, "/email/unsubscribe"));
    await hydrated(other);
    await other.getByRole("button", { name: "Unsubscribe" }).click();
    await expect(other.getByTestId("unsubscribed")).toBeVisible();
    await page.reload();
    await hydrated(page);
    await expect(section.getByLabel("Mentions of me")).not.toBeChecked();
    await context.close();
  });

  test(`${label}: a forgotten password is reset by a link that works once`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const name = uniqueName(`reset${label[0]}`);
    const address = `${name}@example.org`;
    await register(page, name);
    await page.goto("/account#email");
    await hydrated(page);
    await page.getByLabel("E-mail address").fill(address);
    await page.getByRole("button", { name: "Send confirmation link" }).click();
    const confirmation = await mailTo(address, /^Confirm your e-mail address/);
    await page.goto(link(confirmation, "/email/confirm"));
    await hydrated(page);
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByTestId("email-confirmed")).toBeVisible();

    // Someone who is not logged in.
    const guest = await browser.newContext({ viewport });
    const forgot = await guest.newPage();
    await forgot.goto("/login");
    await hydrated(forgot);
    await forgot.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(forgot).toHaveURL(/\/password\/forgot$/);
    await hydrated(forgot);
    await forgot.getByLabel("Your name or e-mail address").fill(name);
    await forgot.getByRole("button", { name: "Send the link" }).click();
    await expect(forgot.getByTestId("reset-sent")).toBeVisible();
    await noSidewaysScroll(forgot);

    const reset = await mailTo(address, /^Reset your Haven password$/);
    const resetLink = link(reset, "/password/reset");
    await forgot.goto(resetLink);
    await hydrated(forgot);
    await forgot.getByLabel("New password").fill("a brand new password");
    await forgot.getByRole("button", { name: "Set new password" }).click();
    await expect(forgot).toHaveURL(/\/login\?reset=1$/);
    await expect(forgot.getByTestId("password-was-reset")).toBeVisible();
    await login(forgot, name, "a brand new password");

    // The link is spent.
    const again = await guest.newPage();
    await again.goto(resetLink);
    await expect(again.getByTestId("reset-expired")).toBeVisible();
    await guest.close();
    await context.close();
  });
}
