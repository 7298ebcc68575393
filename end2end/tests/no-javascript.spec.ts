import { test, expect } from "@playwright/test";
import { DEMO_PASSWORD } from "./helpers";

test.use({ javaScriptEnabled: false });

test("without JavaScript, logging in and upvoting work as plain forms", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Name").fill("lee_listener");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator(".site-header .me")).toContainText("lee_listener");

  await page.goto("/f/anxiety-and-stress");
  await page.getByRole("link", { name: "Grounding techniques that help you" }).click();
  const reply = page.locator(".post").nth(1); // by max_member, not lee_listener's own
  const before = Number(await reply.getByTestId("upvote-count").textContent());
  await reply.getByRole("button", { name: /upvote/i }).click();
  await expect(page.locator(".post").nth(1).getByTestId("upvote-count")).not.toHaveText(String(before));
});
