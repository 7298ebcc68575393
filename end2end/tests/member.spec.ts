import { test, expect } from "@playwright/test";
import { bornYearsAgo, hydrated, register, startTopic, uniqueName } from "./helpers";

// Issue 19: help that is always one tap away, the welcome, the first-post
// tip, and the account page's self-care break and deactivation.

test("a new member is welcomed, pointed to the guidelines and crisis lines, and tipped before a first post", async ({ page }) => {
  const name = uniqueName("newbie");
  await register(page, name);
  await expect(page).toHaveURL(/\/welcome$/);
  const welcome = page.getByTestId("welcome");
  await expect(welcome.getByRole("heading", { name: "Welcome to Haven" })).toBeVisible();

  await welcome.getByRole("link", { name: "guidelines" }).click();
  await expect(page.getByRole("heading", { name: "Guidelines" })).toBeVisible();
  await expect(page.locator(".pinned-list")).toContainText("Welcome to Haven: please read before posting");

  // The footer on every page leads to the crisis lines, by country, from
  // the same directory the contact filter allows.
  await page.locator(".site-footer").getByRole("link", { name: "Crisis lines" }).click();
  await expect(page.getByRole("heading", { name: "If you need help now" })).toBeVisible();
  const uk = page.locator("#country-GB");
  await expect(uk).toContainText("Samaritans");
  await expect(uk.getByRole("link", { name: "116 123" })).toHaveAttribute("href", "tel:116123");
  expect(await page.getByTestId("crisis-country").count()).toBeGreaterThanOrEqual(20);

  await page.goto("/f/depression-support/new");
  await hydrated(page);
  await expect(page.getByTestId("first-post-tip")).toContainText("keep contact details out");
  await startTopic(page, "depression-support", `First steps ${Date.now().toString(36)}`, "Hello, I'm new here.");
  await page.goto("/f/depression-support/new");
  await hydrated(page);
  await expect(page.getByLabel("Your post")).toBeVisible();
  await expect(page.getByTestId("first-post-tip")).toHaveCount(0);
});

test("choosing 'Someone may be at risk' shows where to get help at once, and again after sending", async ({ page }) => {
  await register(page, uniqueName("worried"));
  await page.goto("/f/community-guidelines");
  await hydrated(page);
  await page.locator(".topic-list a").first().click();
  await hydrated(page);
  const post = page.locator(".post").first();
  await post.locator("summary", { hasText: "Flag" }).click();
  const help = post.getByTestId("at-risk-help");
  await expect(help).toBeHidden();
  await post.getByLabel("Someone may be at risk").check();
  await expect(help).toBeVisible();
  await expect(help.getByRole("link", { name: "Crisis lines by country" })).toHaveAttribute("href", "/help/crisis");
  await post.getByRole("button", { name: "Send report" }).click();
  await expect(post.getByRole("status")).toContainText("We received your report");
  await expect(post.getByTestId("at-risk-help")).toBeVisible();
});

test("a self-care break: no mention reaches the person, the writer is told, the profile says so, one click ends it", async ({ browser }) => {
  const resting = await browser.newPage();
  const restName = uniqueName("resting");
  await register(resting, restName);
  await hydrated(resting);
  await resting.locator(".site-header details.menu > summary").click();
  await resting.getByTestId("account-link").click();
  await expect(resting.getByRole("heading", { name: "Your account", exact: true })).toBeVisible();
  await hydrated(resting);
  await resting.getByRole("button", { name: "Start a break" }).click();
  await expect(resting.getByTestId("break-status")).toContainText("until you end it");

  const writer = await browser.newPage();
  const writerName = uniqueName("writer");
  await register(writer, writerName);
  await startTopic(writer, "anxiety-and-stress", `Thinking of you ${Date.now().toString(36)}`, `@${restName} hope you are ok`);
  await writer.goto(`/u/${restName}`);
  await expect(writer.getByTestId("account-state")).toHaveText("On a self-care break");
  await writer.goto("/notifications");
  await expect(writer.locator("main")).toContainText(`${restName} is taking a self-care break and was not notified`);

  // No notification for the resting person; posting waits for the end of the break.
  await resting.goto("/notifications");
  await expect(resting.locator("main")).not.toContainText("mentioned you");
  await resting.goto("/account");
  await hydrated(resting);
  await resting.getByRole("button", { name: "End my break now" }).click();
  await expect(resting.getByRole("button", { name: "Start a break" })).toBeVisible();
  await writer.goto(`/u/${restName}`);
  await expect(writer.getByTestId("account-state")).toHaveText("Active");
});

test("deactivating logs out and marks the profile; logging in again within 30 days brings the account back", async ({ page }) => {
  const name = uniqueName("leaving");
  await register(page, name);
  await page.goto("/account");
  await hydrated(page);
  await page.locator("summary", { hasText: "Deactivate…" }).click();
  // Without the confirmation box the form explains itself.
  await page.getByRole("button", { name: "Deactivate" }).click();
  await expect(page.locator("#confirm-error")).toContainText("Tick the box");
  await page.getByLabel("I understand, deactivate my account").check();
  await page.getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await page.goto(`/u/${name}`);
  await expect(page.getByTestId("account-state")).toHaveText("Deactivated");

  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("reactivated")).toContainText("Welcome back");
  await page.goto(`/u/${name}`);
  await expect(page.getByTestId("account-state")).toHaveText("Active");
});

test("dates are relative; a tap shows the exact time in the reader's own time zone", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Asia/Tokyo", locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/f/community-guidelines");
  await hydrated(page);
  const when = page.locator(".topic-row .when-at").first();
  const exact = when.getByTestId("exact-time");
  await expect(exact).toBeHidden();
  const iso = await when.locator("time").getAttribute("datetime");
  await when.getByRole("button").click();
  await expect(exact).toBeVisible();
  await expect(exact).not.toContainText("UTC");
  // The hour shown is Tokyo's (UTC+9).
  const hour = (new Date(iso!).getUTCHours() + 9) % 24;
  await expect(exact).toContainText(`${String(hour).padStart(2, "0")}:`);
  await context.close();
});

test("the home page shows Latest across the forums the person may read, with each topic's forum", async ({ browser }) => {
  const teen = await browser.newPage();
  await register(teen, uniqueName("teen"), bornYearsAgo(15));
  const teenTitle = `Exams week ${Date.now().toString(36)}`;
  await startTopic(teen, "teen-support", teenTitle, "Revising all night.");
  await teen.goto("/");
  const row = teen.getByTestId("latest").locator(".topic-row").filter({ hasText: teenTitle });
  await expect(row).toContainText("Teen Support");
  await teen.close();

  const adult = await browser.newPage();
  await register(adult, uniqueName("adult"));
  const title = `Quiet evening ${Date.now().toString(36)}`;
  await startTopic(adult, "anxiety-and-stress", title, "Tea and a book.");
  await adult.goto("/");
  const latest = adult.getByTestId("latest");
  await expect(latest.locator(".topic-row").first()).toContainText(title);
  await expect(latest.locator(".topic-row").first().locator(".forum-tag")).toHaveText("Anxiety & Stress");
  // A teen forum's topic is not listed for an adult.
  await expect(latest).not.toContainText(teenTitle);
  await expect(adult.getByRole("heading", { name: "Forums" })).toBeVisible();
});

test("the composer previews a post exactly as it will be stored, mentions linked and markup sanitised", async ({ page }) => {
  await register(page, uniqueName("previewer"));
  await page.goto("/f/anxiety-and-stress/new");
  await hydrated(page);
  const body = "**Breathing** helps, thanks @max_member\n\n<script>alert(1)</script>";
  await page.getByLabel("Title").fill(`Preview check ${Date.now().toString(36)}`);
  await page.getByLabel("Your post").fill(body);
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("preview");
  await expect(preview.locator("strong")).toHaveText("Breathing");
  await expect(preview.locator("a.mention")).toHaveText("@max_member");
  await expect(preview.locator("script")).toHaveCount(0);
  const previewed = await preview.locator(".post-body").innerHTML();
  await page.getByRole("button", { name: "Post topic" }).click();
  await expect(page.locator(".post").first().locator(".post-body")).toBeVisible();
  expect(await page.locator(".post").first().locator(".post-body").innerHTML()).toBe(previewed);
});

test("pausing while typing contact details explains, before posting, that the post would be held", async ({ page }) => {
  await register(page, uniqueName("typist"));
  await page.goto("/f/anxiety-and-stress/new");
  await hydrated(page);
  await page.getByLabel("Your post").pressSequentially("my snap is fern.wood22 if you want", { delay: 20 });
  const check = page.getByTestId("draft-check");
  await expect(check).toContainText("a moderator will read it before anyone else can see it");
  await expect(check.getByTestId("draft-span").first()).toContainText("fern.wood22");
  // Taking it out clears the warning; the text typed stays.
  await page.getByLabel("Your post").fill("I had a calm evening for once");
  await page.getByLabel("Your post").press("End");
  await expect(check).not.toContainText("moderator", { timeout: 10_000 });
  await expect(page.getByLabel("Your post")).toHaveValue("I had a calm evening for once");
});
