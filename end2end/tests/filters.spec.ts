import { test, expect, type Page } from "@playwright/test";
import { hydrated, login, register, startTopic, uniqueName } from "./helpers";

async function replyWith(page: Page, body: string): Promise<void> {
  await page.getByLabel("Your reply").fill(body);
  await page.getByRole("button", { name: "Post reply" }).click();
}

test("held replies wait as pending for their author until the forum's mentor approves or rejects them", async ({ browser }) => {
  // Depression Support is mentored by mo_mentor.
  const authorPage = await browser.newPage();
  await register(authorPage, uniqueName("held"));
  const marker = Date.now().toString(36);
  const title = `Late nights ${marker}`;
  await startTopic(authorPage, "depression-support", title, `Nights are the hardest part for me. ${marker}`);
  const topicUrl = authorPage.url();
  await hydrated(authorPage);

  // A phone number spelt out in words, and a handle behind look-alike letters.
  const phone = "if anyone wants to talk, ring me: eight zero one, five five five, zero one nine nine";
  await replyWith(authorPage, phone);
  await expect(authorPage.getByRole("status").filter({ hasText: "waiting for a moderator's approval" })).toBeVisible();
  const handle = "or add me on ѕnapchat, I'm lotus_night";
  await replyWith(authorPage, handle);
  const pending = authorPage.locator(".post").filter({ hasText: "five five five" });
  await expect(pending.getByTestId("review-note")).toContainText("Pending approval");
  await expect(authorPage.locator(".post").filter({ hasText: "lotus_night" }).getByTestId("review-note")).toContainText("Pending approval");

  // Another member sees neither.
  const reader = await browser.newPage();
  await register(reader, uniqueName("reader"));
  await reader.goto(topicUrl);
  await expect(reader.getByRole("heading", { name: title })).toBeVisible();
  await expect(reader.locator(".post")).toHaveCount(1);
  await expect(reader.getByText("five five five")).toHaveCount(0);

  // The mentor finds both in the queue, marked held and named by the contact rule.
  const mentor = await browser.newPage();
  await login(mentor, "mo_mentor");
  await mentor.getByTestId("queue-link").click();
  await hydrated(mentor);
  const phoneItem = mentor.getByTestId("queue-item").filter({ hasText: "five five five" });
  await expect(phoneItem).toContainText("held for approval");
  await expect(phoneItem).toContainText("contact (hold)");
  // The number was about offering to talk: the mentor edits it out and publishes.
  await phoneItem.locator("summary", { hasText: "Edit it, then publish" }).click();
  await phoneItem.getByLabel(/The post as it should read/).fill("If anyone wants to talk, reply here.");
  await phoneItem.getByLabel(/^Note/).fill("Took the phone number out: keep talking here.");
  await phoneItem.getByRole("button", { name: "Edit and publish", exact: true }).click();
  await expect(mentor.getByTestId("queue-item").filter({ hasText: "five five five" })).toHaveCount(0);
  // The handle is rejected.
  const handleItem = mentor.getByTestId("queue-item").filter({ hasText: "lotus_night" });
  await handleItem.getByLabel(/^Note/).fill("Please keep conversations on Haven.");
  await handleItem.getByRole("button", { name: "Reject: keep it unpublished" }).click();
  await expect(mentor.getByTestId("queue-item").filter({ hasText: "lotus_night" })).toHaveCount(0);
  await mentor.close();

  // The reader now sees the edited reply, and never the rejected one.
  await reader.reload();
  await expect(reader.locator(".post")).toHaveCount(2);
  await expect(reader.getByText("If anyone wants to talk, reply here.")).toBeVisible();
  await expect(reader.getByText("lotus_night")).toHaveCount(0);
  await reader.close();

  // The author keeps the rejected text, marked, and is told both outcomes.
  await authorPage.reload();
  await expect(authorPage.locator(".post").filter({ hasText: "lotus_night" }).getByTestId("review-note")).toContainText("Not published");
  await authorPage.goto("/notifications");
  await expect(authorPage.locator(".notifications")).toContainText("decided not to publish your post");
  await expect(authorPage.locator(".notifications")).toContainText("Please keep conversations on Haven.");
  await expect(authorPage.locator(".notifications")).toContainText("A moderator edited your post");
  await authorPage.close();
});

test("a held post shows its author what was caught and why, and the mentor sees the same span in the queue", async ({ browser }) => {
  const author = await browser.newPage();
  await register(author, uniqueName("explained"));
  const marker = Date.now().toString(36);
  await startTopic(author, "depression-support", `Someone to talk to ${marker}`, `Does anyone else feel alone at night? ${marker}`);
  await hydrated(author);
  await replyWith(author, `I feel the same. You can text me on 07700 900 461 any time ${marker}`);
  const pending = author.locator(".post").filter({ hasText: "07700 900 461" });
  const note = pending.getByTestId("contact-note");
  await expect(note).toContainText("not allowed, for your safety");
  await expect(note).toContainText("a phone number");
  await expect(note.getByTestId("contact-span")).toHaveText("07700 900 461");
  // The rest of the text is shown, not marked.
  await expect(note.locator(".contact-text")).toContainText("I feel the same.");
  await note.getByRole("link", { name: "Why this rule exists" }).click();
  await expect(author.getByRole("heading", { name: "Why contact details are not allowed" })).toBeVisible();
  await author.close();

  const mentor = await browser.newPage();
  await login(mentor, "mo_mentor");
  await mentor.goto("/queue");
  await hydrated(mentor);
  const item = mentor.getByTestId("queue-item").filter({ hasText: marker });
  await expect(item.getByTestId("contact-note")).toContainText("The contact filter found a phone number");
  await expect(item.getByTestId("contact-span")).toHaveText("07700 900 461");
  // Approving it asks first, showing the same span; only then is it published.
  await expect(item.getByRole("button", { name: "Yes, publish it as it is" })).toBeHidden();
  await item.locator("summary", { hasText: "Approve: publish it" }).click();
  await expect(item.getByTestId("confirm-span")).toHaveText("07700 900 461");
  await item.getByRole("button", { name: "Yes, publish it as it is" }).click();
  await expect(item).toHaveCount(0);
  await mentor.close();
});

test("an invitation only the model reads is published, and the mentor sees the sentence it read in the queue", async ({ browser }) => {
  const author = await browser.newPage();
  await register(author, uniqueName("likely"));
  const marker = Date.now().toString(36);
  // The model reads text, so the words around the run's random marker
  // matter: "After group <marker>" is read as an app and a handle about a
  // third of the time. These words are not (measured over 100 markers).
  await startTopic(author, "depression-support", "After group, feeling low", `Group was hard today. ${marker}`);
  const topicUrl = author.url();
  await hydrated(author);
  const sentence = "Honestly it would be easier to keep chatting somewhere away from this site, just the two of us.";
  await replyWith(author, `Thanks for listening today, ${marker}. ${sentence}`);
  // No app, number or address in it: a guess flags, it does not hold.
  const reply = author.locator(".post").filter({ hasText: "just the two of us" });
  await expect(reply).toBeVisible();
  await expect(reply.getByTestId("review-note")).toHaveCount(0);
  await expect(reply.getByTestId("contact-note")).toHaveCount(0);
  await author.close();

  const reader = await browser.newPage();
  await register(reader, uniqueName("reader"));
  await reader.goto(topicUrl);
  await expect(reader.locator(".post").filter({ hasText: "just the two of us" })).toBeVisible();
  await reader.close();

  const mentor = await browser.newPage();
  await login(mentor, "mo_mentor");
  await mentor.goto("/queue");
  await hydrated(mentor);
  const item = mentor.getByTestId("queue-item").filter({ hasText: marker }).filter({ hasText: "just the two of us" });
  await expect(item).toContainText("likely contact (flag)");
  await expect(item).not.toContainText("held for approval");
  await expect(item.getByTestId("contact-note")).toContainText("the model's guess");
  await expect(item.getByTestId("contact-span")).toHaveText(sentence);
  // A guess the mentor disagrees with is dismissed like any report: the
  // post stays as it is and the item leaves the queue.
  await item.getByLabel(/^Note/).fill("Asking to talk, not to leave Haven.");
  await item.getByRole("button", { name: "Keep it, no action" }).click();
  await expect(mentor.getByTestId("queue-item").filter({ hasText: marker })).toHaveCount(0);
  await mentor.close();
});

test("a blocked post is refused with the rule's message and keeps the author's text in the form", async ({ browser }) => {
  // Staff add a block rule for one forum.
  const staff = await browser.newPage();
  await login(staff, "sam_staff");
  await staff.goto("/filters");
  await hydrated(staff);
  await staff.getByLabel(/^Phrase/).fill("secret meetup spot");
  await staff.getByLabel("Action", { exact: true }).selectOption("block");
  await staff.getByLabel("Where").selectOption({ label: "Anxiety & Stress" });
  await staff.getByLabel(/Message shown when it blocks/).fill("Meeting up in person isn't allowed here: keep it on Haven.");
  await staff.getByRole("button", { name: "Add rule" }).click();
  await expect(staff.getByTestId("filter-rule").filter({ hasText: "secret meetup spot" })).toContainText("block");

  const member = await browser.newPage();
  await register(member, uniqueName("blocked"));
  const marker = Date.now().toString(36);
  await startTopic(member, "anxiety-and-stress", `Weekend plans ${marker}`, "Anyone else nervous about the weekend?");
  await hydrated(member);
  const typed = `Let's all go to the S E C R E T meetup spot on Friday ${marker}`;
  await replyWith(member, typed);
  await expect(member.locator("#body-error")).toContainText("Meeting up in person isn't allowed here");
  await expect(member.getByLabel("Your reply")).toHaveValue(typed);
  await expect(member.locator(".post")).toHaveCount(1);
  await member.close();

  // In a teen forum, contact details are blocked by default.
  const teen = await browser.newPage();
  await login(teen, "tia_teen");
  await teen.goto("/f/teen-support/new");
  await hydrated(teen);
  const title = `exam stress ${marker}`;
  const body = "whats ur number? ill text u after school";
  await teen.getByLabel("Title").fill(title);
  await teen.getByLabel("Your post").fill(body);
  await teen.getByRole("button", { name: "Post topic" }).click();
  await expect(teen.locator("#body-error")).toContainText("isn't allowed, for your safety");
  await expect(teen.locator("#body-error")).toContainText("What was caught: “whats ur number");
  await expect(teen.getByLabel("Title")).toHaveValue(title);
  await expect(teen.getByLabel("Your post")).toHaveValue(body);
  await teen.close();

  // Staff find both attempts, as typed, among what the filters did.
  await staff.reload();
  await hydrated(staff);
  const events = staff.getByTestId("filter-event");
  await expect(events.filter({ hasText: typed })).toContainText("block");
  await expect(events.filter({ hasText: body })).toContainText("contact (block)");
  await staff.close();
});
