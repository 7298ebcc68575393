import { test, expect, type Browser } from "@playwright/test";
import { hydrated, login, register, reportAsNewMember, reportFirstPost, startTopic, uniqueName } from "./helpers";

test("a suspended member appeals; someone other than the issuer reverses it; the audit log shows both", async ({ browser }) => {
  const marker = `appeal${Date.now().toString(36)}`;
  const authorPage = await browser.newPage();
  const author = uniqueName("appellant");
  await register(authorPage, author);
  await startTopic(authorPage, "anxiety-and-stress", `Rough week ${marker}`, `buy my course, only 99 pounds ${marker}`);
  const topicUrl = authorPage.url();

  await reportAsNewMember(browser, topicUrl, "Spam");

  // A leader filters the queue to the forum and suspends the author for a week.
  const leader = await browser.newPage();
  await login(leader, "lea_leader");
  await leader.goto("/queue");
  await hydrated(leader);
  await leader.getByLabel("Forum").selectOption({ label: "Anxiety & Stress" });
  await leader.getByLabel("Reason").selectOption("spam");
  await leader.getByRole("button", { name: "Filter" }).click();
  await expect(leader).toHaveURL(/reason=spam/);
  await hydrated(leader);
  const item = leader.getByTestId("queue-item").filter({ hasText: marker });
  await expect(item).toBeVisible();
  await item.locator("summary", { hasText: "Suspend, or take a badge away" }).click();
  const until = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await item.getByLabel(/Suspend until/).fill(until);
  await item.getByLabel(/^Note/).fill(`Suspended for spam ${marker}`);
  await item.getByRole("button", { name: "Hide and suspend" }).click();
  await expect(leader.getByTestId("queue-item").filter({ hasText: marker })).toHaveCount(0);

  // The author sees the suspension and appeals it.
  await authorPage.goto("/account/warnings");
  await hydrated(authorPage);
  const suspension = authorPage.getByTestId("sanction").filter({ hasText: marker });
  await expect(suspension).toContainText("Suspension");
  await suspension.locator("summary", { hasText: "Appeal this" }).click();
  await suspension.getByRole("button", { name: "Send appeal" }).click();
  await expect(suspension.getByRole("alert").first()).toContainText("Tell us why");
  await suspension.getByLabel(/Why should it be looked at again/).fill("It was a misunderstanding; I meant the hotline.");
  await suspension.getByRole("button", { name: "Send appeal" }).click();
  await expect(suspension).toContainText("Your appeal is waiting");

  // The leader who suspended does not get the appeal.
  await leader.goto("/queue/appeals");
  await expect(leader.getByRole("heading", { name: "Appeals" })).toBeVisible();
  await expect(leader.getByTestId("appeal").filter({ hasText: author })).toHaveCount(0);

  // Staff reverse it.
  const staff = await browser.newPage();
  await login(staff, "sam_staff");
  await staff.goto("/queue/appeals");
  await hydrated(staff);
  const appeal = staff.getByTestId("appeal").filter({ hasText: author });
  await expect(appeal).toContainText("I meant the hotline");
  await expect(appeal).toContainText("lea_leader");
  await appeal.getByLabel("Reverse it").check();
  await appeal.getByLabel("Note to the person").fill(`Reversed: benign ${marker}`);
  await appeal.getByRole("button", { name: "Decide" }).click();
  await expect(staff.getByTestId("appeal").filter({ hasText: author })).toHaveCount(0);

  // The author is told, the suspension no longer counts, and they can reply again.
  await authorPage.goto("/notifications");
  await expect(authorPage.locator(".notifications li").first()).toContainText("Your appeal was accepted");
  await authorPage.goto("/account/warnings");
  await expect(authorPage.getByTestId("sanction").filter({ hasText: marker })).toContainText("Reversed on appeal");
  await authorPage.goto(topicUrl);
  await expect(authorPage.getByRole("button", { name: "Post reply" })).toBeVisible();

  // The audit log records both decisions, and filters by who and what.
  await staff.goto("/audit");
  await hydrated(staff);
  await staff.getByLabel(/^Who/).fill("lea_leader");
  await staff.getByLabel("Action").selectOption("suspend");
  await staff.getByRole("button", { name: "Filter" }).click();
  await expect(staff).toHaveURL(/actor=lea_leader/);
  const suspendRow = staff.getByTestId("audit-entry").filter({ hasText: marker });
  await expect(suspendRow).toContainText("lea_leader");
  await expect(staff.getByTestId("audit-entry").filter({ hasText: "sam_staff" })).toHaveCount(0);
  await staff.goto("/audit?action=appeal_reversed");
  await expect(staff.getByTestId("audit-entry").filter({ hasText: marker })).toContainText("sam_staff");

  // Members cannot read the audit log.
  await authorPage.goto("/audit");
  await expect(authorPage.getByText("Only global leaders and staff")).toBeVisible();
  for (const p of [authorPage, leader, staff]) await p.close();
});

test("a reporter can withdraw a report that nobody has acted on", async ({ browser }) => {
  const authorPage = await browser.newPage();
  await register(authorPage, uniqueName("w_author"));
  const marker = `withdraw${Date.now().toString(36)}`;
  await startTopic(authorPage, "anxiety-and-stress", `Title ${marker}`, `text ${marker}`);
  const topicUrl = authorPage.url();
  const reporter = await browser.newPage();
  await register(reporter, uniqueName("w_rep"));
  await reportFirstPost(reporter, topicUrl, "Spam");
  await reporter.goto("/account/reports");
  await hydrated(reporter);
  const row = reporter.locator(".reports li").first();
  await expect(row).toContainText("waiting for a moderator");
  await row.getByRole("button", { name: "Withdraw" }).click();
  await expect(reporter.locator(".reports li").first()).toContainText("withdrawn");

  const staff = await browser.newPage();
  await login(staff, "sam_staff");
  await staff.goto("/queue");
  await expect(staff.getByRole("heading", { name: "Moderation queue" })).toBeVisible();
  await expect(staff.getByTestId("queue-item").filter({ hasText: marker })).toHaveCount(0);
  for (const p of [authorPage, reporter, staff]) await p.close();
});

/// A member whose post a leader hid with a warning, and who appeals it.
async function warnedAndAppealing(browser: Browser, marker: string, reason: string): Promise<string> {
  const author = uniqueName("warned");
  const authorPage = await browser.newPage();
  await register(authorPage, author);
  await startTopic(authorPage, "anxiety-and-stress", `Deal ${marker}`, `cheap pills here ${marker}`);
  const topicUrl = authorPage.url();
  await reportAsNewMember(browser, topicUrl, "Spam");
  const leader = await browser.newPage();
  await login(leader, "lea_leader");
  await leader.goto("/queue");
  await hydrated(leader);
  const item = leader.getByTestId("queue-item").filter({ hasText: marker });
  await item.getByLabel(/^Note/).fill(`Warned for spam ${marker}`);
  await item.getByRole("button", { name: "Hide and warn" }).click();
  await expect(leader.getByTestId("queue-item").filter({ hasText: marker })).toHaveCount(0);
  await leader.close();
  await authorPage.goto("/account/warnings");
  await hydrated(authorPage);
  const warning = authorPage.getByTestId("sanction").filter({ hasText: marker });
  await warning.locator("summary", { hasText: "Appeal this" }).click();
  await warning.getByLabel(/Why should it be looked at again/).fill(reason);
  await warning.getByRole("button", { name: "Send appeal" }).click();
  await expect(warning).toContainText("Your appeal is waiting");
  await authorPage.close();
  return author;
}

test("deciding one appeal leaves the next one's choice and note untouched", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const first = await warnedAndAppealing(browser, `first${stamp}`, "The first appeal: it was a joke between friends.");
  const second = await warnedAndAppealing(browser, `second${stamp}`, "The second appeal: I was quoting an advert to warn people.");

  const staff = await browser.newPage();
  await login(staff, "sam_staff");
  await staff.goto("/queue/appeals");
  await hydrated(staff);
  const appeals = [first, second].map((name) => staff.getByTestId("appeal").filter({ hasText: name }));
  await expect(appeals[0]).toBeVisible();
  await expect(appeals[1]).toBeVisible();
  // Decide whichever is shown first, reversing it with a note.
  const firstShown = (await staff.getByTestId("appeal").first().textContent()) ?? "";
  const [decided, waiting] = firstShown.includes(first) ? appeals : [appeals[1], appeals[0]];
  await decided.getByLabel("Reverse it").check();
  await decided.getByLabel("Note to the person").fill(`Reversed ${stamp}`);
  await decided.getByRole("button", { name: "Decide" }).click();
  await expect(decided).toHaveCount(0);
  // The one still waiting shows its own defaults, not the last decision.
  await expect(waiting).toBeVisible();
  await expect(waiting.getByLabel("Uphold it")).toBeChecked();
  await expect(waiting.getByLabel("Note to the person")).toHaveValue("");
  await waiting.getByLabel("Note to the person").fill(`Upheld ${stamp}`);
  await waiting.getByRole("button", { name: "Decide" }).click();
  await expect(waiting).toHaveCount(0);
  await staff.close();
});
