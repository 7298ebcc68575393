import { expect, type Browser, type Page } from "@playwright/test";

/** The password of every demo account (see README). */
export const DEMO_PASSWORD = "haven-demo-2026";

/** A name no earlier test has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** Resolves once the WebAssembly bundle has hydrated the page. */
export async function hydrated(page: Page): Promise<void> {
  await page.locator("body[data-hydrated]").waitFor({ state: "attached" });
}

export async function login(page: Page, name: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator(".site-header .me")).toContainText(name);
}

export async function register(page: Page, name: string, birthDate = "1995-06-15"): Promise<void> {
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByLabel("Date of birth").fill(birthDate);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".site-header .me")).toContainText(name);
}

/** Starts a topic in `forum` and waits for its page. */
export async function startTopic(page: Page, forum: string, title: string, body: string): Promise<void> {
  await page.goto(`/f/${forum}/new`);
  await hydrated(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Your post").fill(body);
  await page.getByRole("button", { name: "Post topic" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
}

/** Reports the first post of `topicUrl` with `reason` (and a note). */
export async function reportFirstPost(page: Page, topicUrl: string, reason: string, note = ""): Promise<void> {
  await page.goto(topicUrl);
  await hydrated(page);
  const post = page.locator(".post").first();
  await post.locator("summary", { hasText: "Flag" }).click();
  await post.getByLabel(reason).check();
  if (note) await post.getByLabel(/Anything moderators should know/).fill(note);
  await post.getByRole("button", { name: "Send report" }).click();
  await expect(post.getByRole("status")).toContainText("We received your report");
}

/** A new member reports the first post of `topicUrl`, in a page of their own. */
export async function reportAsNewMember(browser: Browser, topicUrl: string, reason: string): Promise<void> {
  const reporter = await browser.newPage();
  await register(reporter, uniqueName("reporter"));
  await reportFirstPost(reporter, topicUrl, reason);
  await reporter.close();
}

/** A birth date that makes someone `years` old today. */
export function bornYearsAgo(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
