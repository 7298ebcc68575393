import { test, expect } from "@playwright/test";
import { hydrated, login, register, uniqueName } from "./helpers";

test("a member starts a topic, replies with a mention and a quote; the mentioned person is notified", async ({ page, browser }) => {
  const author = uniqueName("writer");
  await register(page, author);
  await page.goto("/f/anxiety-and-stress");
  await hydrated(page);
  await page.getByRole("link", { name: "New topic" }).click();
  const title = `Breathing tricks ${Date.now().toString(36)}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Your post").fill("Does **anyone** else count breaths?");
  await page.getByRole("button", { name: "Post topic" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.locator(".post").first().locator(".op")).toHaveText("OP");
  await expect(page.locator(".post-body strong")).toHaveText("anyone");
  await expect(page.locator(".post time").first()).toHaveText("just now");
  // A tap on the date shows the exact time.
  const when = page.locator(".post .when-at").first();
  await when.getByRole("button").click();
  await expect(when.getByTestId("exact-time")).toBeVisible();

  // Quote the first post, then add a mention.
  await page.getByRole("link", { name: "Quote" }).first().click();
  const box = page.getByLabel("Your reply");
  await expect(box).toHaveValue(new RegExp(`^> \\*\\*@${author}\\*\\* wrote:`));
  await box.press("End");
  await box.pressSequentially("Thanks @lee_listener :heart:");
  await page.getByRole("button", { name: "Post reply" }).click();
  const second = page.locator(".post").nth(1);
  await expect(second.locator("blockquote")).toContainText("Does anyone else count breaths?");
  await expect(second.locator('a.mention[href="/u/lee_listener"]')).toHaveText("@lee_listener");
  await expect(second).toContainText("❤");
  await expect(box).toHaveValue("");

  // The mentioned listener sees the notification.
  const other = await browser.newPage();
  await login(other, "lee_listener");
  await expect(other.getByTestId("unread-count")).not.toHaveText("0");
  await other.getByTestId("notifications-link").click();
  await expect(other.locator(".notifications li").first()).toContainText(`${author} mentioned you in “${title}”`);
  await other.locator(".notifications li a[rel=external]").first().click();
  await expect(other.getByRole("heading", { name: title })).toBeVisible();
  await other.close();
});

test("an oversized or empty post is refused with the text kept", async ({ page }) => {
  await register(page, uniqueName("longwriter"));
  await page.goto("/f/depression-support/new");
  await hydrated(page);
  await page.getByLabel("Title").fill("");
  const huge = "word ".repeat(10_001); // 50 005 characters
  await page.getByLabel("Your post").fill(huge);
  await page.getByRole("button", { name: "Post topic" }).click();
  await expect(page.locator("#title-error")).toHaveText("Give your topic a title.");
  await expect(page.locator("#body-error")).toContainText("at most 50000 characters");
  await expect(page.getByLabel("Your post")).toHaveValue(huge);
});

test("upvoting updates the count in place, once per person, and toggles back", async ({ page }) => {
  await register(page, uniqueName("voter"));
  await page.goto("/f/depression-support");
  await hydrated(page);
  await page.getByRole("link", { name: "Hard week, small win" }).click();
  await hydrated(page);
  const post = page.locator(".post").first();
  const count = post.getByTestId("upvote-count");
  const before = Number(await count.textContent());
  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as any).__noReload = true));
  await post.getByRole("button", { name: "Upvote" }).click();
  await expect(count).toHaveText(String(before + 1));
  await expect(post.getByRole("button", { name: "Remove upvote" })).toHaveAttribute("aria-pressed", "true");
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  await post.getByRole("button", { name: "Remove upvote" }).click();
  await expect(count).toHaveText(String(before));
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
});
