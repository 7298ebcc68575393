import { test, expect } from "@playwright/test";
import { hydrated, login, register, uniqueName } from "./helpers";

test("an edited post says who updated it, and its history shows the words changed", async ({ page }) => {
  const author = uniqueName("editor");
  await register(page, author);
  const marker = `edit${Date.now().toString(36)}`;
  await page.goto("/f/anxiety-and-stress/new");
  await hydrated(page);
  await page.getByLabel("Title").fill(`Edits ${marker}`);
  await page.getByLabel("Your post").fill(`Breathing slowly helps me ${marker}`);
  await page.getByRole("button", { name: "Post topic" }).click();
  const post = page.locator(".post").first();
  await expect(post).toContainText("Breathing slowly");
  await expect(post.locator(".edited")).toHaveCount(0);

  await post.getByRole("link", { name: "Edit", exact: true }).click();
  await hydrated(page);
  await page.getByLabel("Post").fill(`Breathing very slowly helps me ${marker}`);
  await page.getByLabel(/Reason for editing/).fill("clearer");
  await page.getByRole("button", { name: "Save" }).click();

  const edited = page.locator(".post").first();
  await expect(edited).toContainText("Breathing very slowly");
  await expect(edited.locator(".edited")).toContainText(`updated by ${author} on`);
  await edited.locator(".edited a").click();
  await expect(page.getByRole("heading", { name: "Edit history" })).toBeVisible();
  await expect(page.getByTestId("revision")).toHaveCount(2);
  await expect(page.getByTestId("revision").first()).toContainText("clearer");
  const diff = page.getByTestId("diff");
  await expect(diff).toContainText("Changes from version 1 to version 2");
  await expect(diff.locator("ins")).toContainText("very");
  await expect(diff).toContainText("1 words added, 0 words removed");
  // Both versions as readers saw them, side by side.
  const sides = page.getByTestId("side-by-side");
  await expect(sides.locator(".version").first()).toContainText("Version 1");
  await expect(sides.locator(".version").first().locator(".post-body")).toHaveText(`Breathing slowly helps me ${marker}`);
  await expect(sides.locator(".version").nth(1).locator(".post-body")).toHaveText(`Breathing very slowly helps me ${marker}`);
});

test("the history compares the text readers see, not Markdown marks", async ({ page }) => {
  await register(page, uniqueName("marks"));
  await page.goto("/f/anxiety-and-stress/new");
  await hydrated(page);
  const marker = `marks${Date.now().toString(36)}`;
  await page.getByLabel("Title").fill(`Formatting ${marker}`);
  await page.getByLabel("Your post").fill("Rest is allowed.");
  await page.getByRole("button", { name: "Post topic" }).click();
  const post = page.locator(".post").first();
  await post.getByRole("link", { name: "Edit", exact: true }).click();
  await hydrated(page);
  await page.getByLabel("Post").fill("Rest is **allowed**.");
  await page.getByLabel(/Reason for editing/).fill("emphasis");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".post").first().locator("strong")).toHaveText("allowed");
  await page.locator(".post").first().locator(".edited a").click();
  const diff = page.getByTestId("diff");
  await expect(diff).toContainText("No words changed: only the formatting.");
  await expect(diff.locator(".diff-text")).not.toContainText("**");
  await expect(page.getByTestId("side-by-side").locator(".version").nth(1).locator("strong")).toHaveText("allowed");
  await expect(page.getByTestId("edit-reason").first()).toHaveText("emphasis");
});

test("a stale edit is refused, shows the other version, and keeps the typed text", async ({ browser }) => {
  const page = await browser.newPage();
  const author = uniqueName("stale");
  await register(page, author);
  const marker = `stale${Date.now().toString(36)}`;
  await page.goto("/f/anxiety-and-stress/new");
  await hydrated(page);
  await page.getByLabel("Title").fill(`Stale ${marker}`);
  await page.getByLabel("Your post").fill(`first draft ${marker}`);
  await page.getByRole("button", { name: "Post topic" }).click();
  await page.locator(".post").first().getByRole("link", { name: "Edit", exact: true }).click();
  await hydrated(page);
  const editUrl = page.url();

  // The same person, in another browser, saves first.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await login(other, author, "a long enough password");
  await other.goto(editUrl);
  await hydrated(other);
  await other.getByLabel("Post").fill(`second tab version ${marker}`);
  await other.getByRole("button", { name: "Save" }).click();
  await expect(other.locator(".post").first()).toContainText("second tab version");

  // The first tab's save is refused; its text stays; the other version is shown.
  const mine = `my careful words that must not be lost ${marker}`;
  await page.getByLabel("Post").fill(mine);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Someone else changed this post" })).toBeVisible();
  await expect(page.getByLabel("Post")).toHaveValue(mine);
  await expect(page.getByTestId("their-version")).toContainText("second tab version");

  // Saving again, now based on the newer version, succeeds.
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".post").first()).toContainText("my careful words");
  await page.close();
  await otherContext.close();
});
