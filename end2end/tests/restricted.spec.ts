import { test, expect } from "@playwright/test";
import { hydrated, login, register, uniqueName } from "./helpers";

test("a member cannot start a guideline topic: the server refuses even a submitted form", async ({ page }) => {
  await register(page, uniqueName("member"));
  await page.goto("/f/community-guidelines");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Community Guidelines" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New topic" })).toHaveCount(0);
  // Go to the form directly and submit anyway.
  await page.goto("/f/community-guidelines/new");
  await hydrated(page);
  await page.getByLabel("Title").fill("My own rules");
  await page.getByLabel("Your post").fill("Members should not be able to post this.");
  await page.getByRole("button", { name: "Post topic" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Only staff can start topics in this forum");
  await expect(page.getByLabel("Your post")).toHaveValue("Members should not be able to post this.");
});

test("the teen forum does not exist for adults, and is open to teens", async ({ page, browser }) => {
  await register(page, uniqueName("adult"));
  const refused = await page.goto("/f/teen-support");
  expect(refused?.status()).toBe(404);
  await page.goto("/");
  await hydrated(page);
  await expect(page.getByRole("link", { name: "Teen Support" })).toHaveCount(0); // not listed, nor in Latest

  const teen = await browser.newPage();
  await login(teen, "tia_teen");
  await teen.goto("/");
  await hydrated(teen);
  await teen.locator(".forum-list").getByRole("link", { name: "Teen Support" }).click();
  await expect(teen.getByRole("link", { name: "Exams are stressing me out" })).toBeVisible();
  await teen.close();
});

test("staff can start a guideline topic", async ({ page }) => {
  await login(page, "sam_staff");
  await page.goto("/f/community-guidelines");
  await hydrated(page);
  await page.getByRole("link", { name: "New topic" }).click();
  const title = `Posting photos ${Date.now().toString(36)}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Your post").fill("Please don't post photos that show your face.");
  await page.getByRole("button", { name: "Post topic" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.locator(".post .badge-staff").first()).toHaveText("staff");
});
