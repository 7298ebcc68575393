import { test, expect, type Page } from "@playwright/test";
import { hydrated, login, register, uniqueName } from "./helpers";

// Issue 20 (first part): private messages between people, under the same
// contact filter as posts, the teen rule, blocking and new-account limits.

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel("Your message").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

test("a member writes to a listener, who sees it in the header and answers", async ({ browser }) => {
  const max = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(max, "max_member");
  await max.goto("/u/lee_listener");
  await hydrated(max);
  await max.getByRole("link", { name: "Message", exact: true }).click();
  await expect(max).toHaveURL(/\/messages\/new\?to=lee_listener$/);
  await hydrated(max);
  const first = `Could we talk tonight? ${Date.now().toString(36)}`;
  await max.getByLabel("Message", { exact: true }).fill(first);
  await max.getByRole("button", { name: "Send" }).click();
  await expect(max).toHaveURL(/\/messages\/\d+$/);
  await expect(max.getByTestId("message").last()).toContainText(first);
  const conversation = max.url();
  const overflow = await max.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  const lee = await browser.newPage();
  await login(lee, "lee_listener");
  await expect(lee.getByTestId("messages-count")).not.toHaveText("0");
  await lee.getByTestId("messages-link").click();
  const row = lee.getByTestId("conversation-row").filter({ hasText: first });
  await expect(row.getByTestId("conversation-unread")).toHaveText("1");
  await row.getByRole("link").click();
  await hydrated(lee);
  await expect(lee.getByTestId("message").last()).toContainText(first);
  await send(lee, "Of course. **I'm here.**");
  await expect(lee.getByTestId("message").last().locator("strong")).toHaveText("I'm here.");

  await max.goto(conversation);
  await expect(max.getByTestId("message")).toHaveCount(2);

  // An obfuscated phone number waits for a moderator; only its author sees it.
  await hydrated(max);
  await send(max, "text me on oh seven seven double oh, nine hundred, one two three");
  await expect(max.getByTestId("message-pending")).toBeVisible();
  await lee.reload();
  await expect(lee.getByTestId("message")).toHaveCount(2);
  await expect(lee.getByText("nine hundred")).toHaveCount(0);

  // A global leader reviews the held message alone, with the caught part
  // highlighted, and delivers it.
  const lea = await browser.newPage();
  await login(lea, "lea_leader");
  await lea.goto("/queue");
  await lea.getByRole("link", { name: "Held messages" }).click();
  await hydrated(lea);
  const held = lea.getByTestId("held-message").filter({ hasText: "nine hundred" });
  await expect(held.locator("mark").first()).toBeVisible();
  await expect(held).not.toContainText(first);
  await held.getByRole("button", { name: "Deliver" }).click();
  await expect(lea.getByTestId("held-message").filter({ hasText: "nine hundred" })).toHaveCount(0);
  await lee.reload();
  await expect(lee.getByTestId("message")).toHaveCount(3);
  await expect(lee.getByTestId("message").last()).toContainText("nine hundred");

  // Lee blocks Max: Max's next message is refused with neutral words, and
  // what he typed stays in the box.
  await lee.goto("/u/max_member");
  await hydrated(lee);
  await lee.getByRole("button", { name: "Block" }).click();
  await expect(lee.getByTestId("blocked-note")).toBeVisible();
  await max.goto(conversation);
  await hydrated(max);
  await send(max, "Are you still there?");
  await expect(max.getByTestId("message-error")).toHaveText("This conversation is not accepting your messages.");
  await expect(max.getByLabel("Your message")).toHaveValue("Are you still there?");
  // The block list on the account page undoes it.
  await lee.goto("/account#messages");
  await hydrated(lee);
  await lee.locator("#messages").getByRole("button", { name: "Unblock" }).click();
  await expect(lee.locator("#messages").getByText("Nobody.")).toBeVisible();
});

test("an adult cannot write to a teen, and a new account cannot write first", async ({ page, browser }) => {
  await login(page, "max_member");
  await page.goto("/messages/new?to=tia_teen");
  await hydrated(page);
  await page.getByLabel("Message", { exact: true }).fill("hello there");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("message-error")).toContainText("Adults and teens can't message each other privately");
  await expect(page.getByLabel("Message", { exact: true })).toHaveValue("hello there");

  const fresh = await browser.newPage();
  await register(fresh, uniqueName("newbie"));
  await fresh.goto("/messages/new?to=lee_listener");
  await hydrated(fresh);
  await fresh.getByLabel("Message", { exact: true }).fill("hi");
  await fresh.getByRole("button", { name: "Send" }).click();
  await expect(fresh.getByTestId("message-error")).toContainText("New accounts can start conversations");
});
