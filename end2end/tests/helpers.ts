import { expect, type Page } from "@playwright/test";

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

/** A birth date that makes someone `years` old today. */
export function bornYearsAgo(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
