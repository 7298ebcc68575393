import AxeBuilder from "@axe-core/playwright";
import { test, expect, type Page } from "@playwright/test";
import { hydrated, login, register, startTopic, uniqueName } from "./helpers";

// Issue 20: private messages between people, under the same contact
// filter as posts, the teen rule, blocking, new-account limits, and
// reports that reach leaders with the messages around them.

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel("Your message", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

test("a member writes to a listener, who sees it in the header and answers", async ({ browser }) => {
  const max = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(max, "max_member");
  // "Message" is on a post's author menu, and on the profile.
  await max.goto("/f/anxiety-and-stress");
  await max.getByRole("link", { name: "Grounding techniques that help you" }).click();
  await hydrated(max);
  await max.getByTitle("More about lee_listener").first().click();
  await max.getByTestId("message-author").first().click();
  await expect(max).toHaveURL(/\/messages\/new\?to=lee_listener$/);
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

  // Lee edits the answer: Max reads the new text, and the first under
  // "edited".
  const answer = lee.getByTestId("message").last();
  await answer.getByText("Edit", { exact: true }).click();
  await expect(answer.getByLabel("Edit your message")).toHaveValue("Of course. **I'm here.**");
  await answer.getByLabel("Edit your message").fill("Of course. **I'm here** all evening.");
  await answer.getByRole("button", { name: "Save" }).click();
  await expect(lee.getByTestId("message").last()).toContainText("all evening");

  await max.goto(conversation);
  await expect(max.getByTestId("message")).toHaveCount(2);
  const edited = max.getByTestId("message").last();
  await expect(edited).toContainText("all evening");
  await expect(edited.getByText("Edit", { exact: true })).toHaveCount(0);
  await edited.getByTestId("message-edited").locator("summary").click();
  await expect(edited.getByTestId("message-edited").locator("strong")).toHaveText("I'm here.");

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
  await lea.getByRole("link", { name: "Private messages" }).click();
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
  await expect(max.getByLabel("Your message", { exact: true })).toHaveValue("Are you still there?");
  // Max's mentions no longer reach Lee, and Lee sees his posts folded.
  const title = `Evenings ${Date.now().toString(36)}`;
  await startTopic(max, "anxiety-and-stress", title, "@lee_listener what helps you in the evenings?");
  const topic = max.url();
  await lee.goto("/notifications");
  await expect(lee.getByText(`mentioned you in “${title}”`)).toHaveCount(0);
  await lee.goto(topic);
  await hydrated(lee);
  const folded = lee.getByTestId("blocked-post");
  await expect(folded).toHaveCount(1);
  await expect(folded.getByText("what helps you")).toBeHidden();
  await folded.getByText("Post by a person you blocked — show").click();
  await expect(folded.getByText("what helps you")).toBeVisible();
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

test("a reported message reaches a leader with its context; the leader hides it and warns, and the reporter is told", async ({ browser }) => {
  const tag = Date.now().toString(36);
  const rude = uniqueName("rude");
  const offender = await browser.newPage();
  await register(offender, rude);

  // Max writes first (a new account may answer, not start).
  const max = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(max, "max_member");
  await max.goto(`/messages/new?to=${rude}`);
  await hydrated(max);
  await max.getByLabel("Message", { exact: true }).fill(`Hi, welcome to Haven ${tag}`);
  await max.getByRole("button", { name: "Send" }).click();
  await expect(max).toHaveURL(/\/messages\/\d+$/);
  const conversation = max.url();

  await offender.goto(conversation);
  await hydrated(offender);
  await send(offender, `You are pathetic and everyone here hates you ${tag}`);
  await expect(offender.getByTestId("message").last()).toContainText("pathetic");

  // Max flags it with a reason, from the message itself.
  await max.reload();
  await hydrated(max);
  const nasty = max.getByTestId("message").filter({ hasText: "pathetic" });
  await expect(max.getByTestId("message").filter({ hasText: "welcome" }).getByText("Flag")).toHaveCount(0);
  await nasty.getByText("Flag", { exact: true }).click();
  await nasty.getByLabel("Harassment or bullying").check();
  await nasty.getByRole("textbox").fill("Out of nowhere.");
  await nasty.getByRole("button", { name: "Send report" }).click();
  await expect(nasty.getByTestId("message-reported")).toBeVisible();
  const overflow = await max.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The leader sees it in the queue with the messages around it, may read
  // the conversation while the report is open, and hides it with a warning.
  const leaderContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const lea = await leaderContext.newPage();
  await login(lea, "lea_leader");
  await lea.goto("/queue");
  await lea.getByRole("link", { name: "Private messages" }).click();
  await hydrated(lea);
  const item = lea.getByTestId("reported-message").filter({ hasText: tag });
  await expect(item.getByTestId("snapshot-message")).toHaveCount(2);
  await expect(item.getByTestId("snapshot-message").first()).toContainText("welcome");
  await expect(item).toContainText("Out of nowhere.");
  // The review page fits a phone and passes axe with an item on it.
  expect(await lea.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const axe = await new AxeBuilder({ page: lea }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await lea.screenshot({ path: "test-results/screens/queue-messages-390.png", fullPage: true });
  await item.getByTestId("read-conversation").click();
  await expect(lea.getByTestId("reviewing")).toBeVisible();
  await expect(lea.getByTestId("message")).toHaveCount(2);
  await expect(lea.getByLabel("Your message", { exact: true })).toHaveCount(0);
  await lea.goBack();
  await hydrated(lea);
  const again = lea.getByTestId("reported-message").filter({ hasText: tag });
  await again.getByLabel(/^Note/).fill("Insults are not allowed, in public or in private.");
  await again.getByRole("button", { name: "Hide and warn" }).click();
  await expect(lea.getByTestId("reported-message").filter({ hasText: tag })).toHaveCount(0);

  // Max hears what happened; the message is gone for both; the author is warned.
  await max.goto("/notifications");
  await expect(max.getByText("the message was hidden and its author was warned").first()).toBeVisible();
  await max.goto(conversation);
  await expect(max.getByTestId("message")).toHaveCount(1);
  await offender.goto("/notifications");
  await expect(offender.getByText("You received a warning about a private message").first()).toBeVisible();
  // Settled: the leader can no longer open the conversation.
  const closed = await lea.goto(conversation);
  expect(closed?.status()).toBe(404);
});
