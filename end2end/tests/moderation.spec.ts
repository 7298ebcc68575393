import { test, expect } from "@playwright/test";
import { hydrated, login, register, reportAsNewMember, reportFirstPost, startTopic, uniqueName } from "./helpers";

test("a report reaches the forum's mentor only; the warned author acknowledges; the reporter hears back", async ({ browser }) => {
  // The author posts in Depression Support (mentored by mo_mentor).
  const authorPage = await browser.newPage();
  const author = uniqueName("author");
  await register(authorPage, author);
  // A title the contact model reads as ordinary ("Looking for a chat …" is
  // flagged by it, and a filter-opened item is announced as caught by a
  // filter, not as reported).
  const title = `A hard week ${Date.now().toString(36)}`;
  await startTopic(authorPage, "depression-support", title, "honestly you are all pathetic and nobody here helps");
  const topicUrl = authorPage.url();
  // No Flag button on one's own post.
  await expect(authorPage.locator(".post").first().locator("summary", { hasText: "Flag" })).toHaveCount(0);

  // A member reports it, with a reason and a note.
  const reporterPage = await browser.newPage();
  const reporter = uniqueName("reporter");
  await register(reporterPage, reporter);
  await reportFirstPost(reporterPage, topicUrl, "Harassment or bullying", "insulting the whole forum");
  await reporterPage.goto("/notifications");
  await expect(reporterPage.locator(".notifications li").first()).toContainText("We received your report");

  // The mentor of another forum does not see it.
  const otherMentor = await browser.newPage();
  await login(otherMentor, "tara_teenmentor");
  await otherMentor.getByTestId("queue-link").click();
  await expect(otherMentor.getByRole("heading", { name: "Moderation queue" })).toBeVisible();
  await expect(otherMentor.getByTestId("queue-item").filter({ hasText: "all pathetic" })).toHaveCount(0);
  await otherMentor.close();

  // The forum's mentor sees it, with the reason and note, and warns the author.
  const mentor = await browser.newPage();
  await login(mentor, "mo_mentor");
  // The mentor was told, and the header counts what waits for them.
  await expect(mentor.getByTestId("queue-count")).not.toHaveText("0");
  await mentor.goto("/notifications");
  await expect(
    mentor.locator(".notifications li").filter({ hasText: "was reported and waits in the queue" }),
  ).not.toHaveCount(0);
  await mentor.getByTestId("queue-link").click();
  await hydrated(mentor);
  const item = mentor.getByTestId("queue-item").filter({ hasText: "all pathetic" });
  // Nothing is preselected: each decision is its own named button, and
  // there is no choice waiting behind a "Resolve" button.
  await expect(item.locator("select")).toHaveCount(0);
  await expect(item.getByRole("button", { name: "Resolve" })).toHaveCount(0);
  await expect(item.getByRole("button", { name: "Keep it, no action" })).toBeVisible();
  // A mentor is offered no suspension (leaders and staff only).
  await expect(item.getByLabel(/Suspend until/)).toHaveCount(0);
  await expect(item.getByRole("button", { name: "Hide and suspend" })).toHaveCount(0);
  await expect(item).toContainText("1 report, weight 1");
  await expect(item).toContainText("Harassment or bullying");
  await expect(item).toContainText("insulting the whole forum");
  await item.getByRole("button", { name: "Claim" }).click();
  await expect(item).toContainText("You are handling this.");
  // Without a note, the decision is refused and nothing happens.
  await item.getByRole("button", { name: "Hide and warn" }).click();
  await expect(item.locator("#note-error")).toContainText("Add a note");
  // Hide and warn: one click.
  await item.getByLabel(/^Note/).fill("Please be kind: everyone here is struggling with something.");
  await item.getByRole("button", { name: "Hide and warn" }).click();
  await expect(mentor.getByTestId("queue-item").filter({ hasText: "all pathetic" })).toHaveCount(0);
  await mentor.close();

  // The post is hidden: the author reads why in general terms; others see
  // that a moderator hid it, never the text.
  await authorPage.goto(topicUrl);
  await expect(authorPage.getByTestId("hidden-note")).toHaveText("Hidden by a moderator: Harassment or bullying.");
  const passerby = await browser.newPage();
  await passerby.goto(topicUrl);
  await expect(passerby.getByTestId("hidden-note")).toHaveText("Hidden by a moderator.");
  await expect(passerby.getByText("all pathetic")).toHaveCount(0);
  await passerby.close();
  // The author is told "a moderator", not which one.
  await authorPage.goto("/notifications");
  const notice = authorPage.locator(".notifications li").filter({ hasText: "warning" }).first();
  await expect(notice).toContainText("A moderator hid your post");
  await expect(notice).not.toContainText("mo_mentor");

  // The author sees the warning with its reason and acknowledges it.
  await authorPage.goto("/");
  await hydrated(authorPage);
  await authorPage.getByRole("alert").filter({ hasText: "The moderators have sent you a message" }).click();
  const warning = authorPage.getByTestId("sanction").first();
  await expect(warning).toContainText("Please be kind");
  await expect(warning.getByRole("link", { name: "The post this is about" })).toBeVisible();
  await warning.getByRole("button", { name: "I have read this" }).click();
  await expect(warning).toContainText("You acknowledged this.");
  await authorPage.goto("/");
  await expect(authorPage.getByText("The moderators have sent you a message")).toHaveCount(0);
  await authorPage.close();

  // The reporter is told the outcome in general terms, and sees it in their reports.
  await reporterPage.goto("/notifications");
  await expect(reporterPage.locator(".notifications li").first()).toContainText("the post was hidden and its author was warned");
  await reporterPage.goto("/account/reports");
  await expect(reporterPage.locator(".reports li").first()).toContainText("reviewed: action was taken");
  await reporterPage.close();

  // A leader finds the decision on the resolved list, with who made it,
  // and reopens it within the day; it is back in the queue.
  const leader = await browser.newPage();
  await login(leader, "lea_leader");
  await leader.goto("/queue/resolved");
  await hydrated(leader);
  await leader.getByLabel("Decision").selectOption("hide_and_warn");
  await leader.getByRole("button", { name: "Filter" }).click();
  await expect(leader).toHaveURL(/outcome=hide_and_warn/);
  await hydrated(leader);
  const decided = leader.getByTestId("decided-item").filter({ hasText: "all pathetic" });
  await expect(decided).toContainText("Hide and warn");
  await expect(decided).toContainText("Decided by mo_mentor");
  await decided.locator("summary", { hasText: "Reopen" }).click();
  await decided.getByLabel(/^Why/).fill("Checking the wording of the warning.");
  await decided.getByRole("button", { name: "Reopen it" }).click();
  await expect(leader.getByTestId("decided-item").filter({ hasText: "all pathetic" })).toHaveCount(0);
  await leader.goto("/queue");
  await hydrated(leader);
  const back = leader.getByTestId("queue-item").filter({ hasText: "all pathetic" });
  await expect(back).toBeVisible();
  // A leader is offered suspension; the form still works at phone width.
  await leader.setViewportSize({ width: 375, height: 800 });
  await back.locator("summary", { hasText: "Suspend, or take a badge away" }).click();
  await expect(back.getByRole("button", { name: "Hide and suspend" })).toBeVisible();
  const overflow = await leader.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await back.getByLabel(/^Note/).fill("The warning stands; the post stays hidden.");
  await back.getByRole("button", { name: "Hide", exact: true }).click();
  await expect(leader.getByTestId("queue-item").filter({ hasText: "all pathetic" })).toHaveCount(0);
  await leader.close();
});

test("a post that crosses the flag threshold is hidden for others", async ({ browser }) => {
  const authorPage = await browser.newPage();
  await register(authorPage, uniqueName("poster"));
  const title = `Threshold ${Date.now().toString(36)}`;
  await startTopic(authorPage, "anxiety-and-stress", title, "buy cheap followers at my shop, best prices");
  const topicUrl = authorPage.url();

  const member = await browser.newPage();
  await register(member, uniqueName("flagger"));
  await reportFirstPost(member, topicUrl, "Spam"); // weight 1: still visible
  const listener = await browser.newPage();
  await login(listener, "lee_listener");
  await listener.goto(topicUrl);
  await expect(listener.locator(".post").first()).toContainText("cheap followers");
  await reportFirstPost(listener, topicUrl, "Spam"); // +2 = 3

  const reader = await browser.newPage();
  await register(reader, uniqueName("reader"));
  await reader.goto(topicUrl);
  await expect(reader.locator(".post").first()).toContainText("Hidden pending review");
  await expect(reader.locator(".post").first()).not.toContainText("cheap followers");
  // The author still sees their own words, marked hidden.
  await authorPage.reload();
  await expect(authorPage.locator(".post").first()).toContainText("Hidden pending review");
  await expect(authorPage.locator(".post").first()).toContainText("cheap followers");
  for (const p of [authorPage, member, listener, reader]) await p.close();
});

test("a leader locks a topic, members can no longer reply, and moves it to another forum; both are in the audit log", async ({ browser }) => {
  const authorPage = await browser.newPage();
  await register(authorPage, uniqueName("starter"));
  const title = `Exam week ${Date.now().toString(36)}`;
  await startTopic(authorPage, "depression-support", title, "Exams are making everything feel heavier.");
  const topicUrl = authorPage.url();

  const leader = await browser.newPage();
  await login(leader, "lea_leader");
  await leader.goto(topicUrl);
  await hydrated(leader);
  const controls = leader.getByTestId("topic-moderation");
  await controls.locator("summary").click();
  await controls.getByLabel("Reason (goes on the record)").fill("Pausing while we check in with the author.");
  await controls.getByRole("button", { name: "Lock topic" }).click();
  await expect(leader.getByTestId("locked-note")).toBeVisible();

  // A member sees it locked, with no reply box, and no moderation controls.
  await authorPage.reload();
  await expect(authorPage.getByTestId("locked-note")).toBeVisible();
  await expect(authorPage.getByLabel("Your reply")).toHaveCount(0);
  await expect(authorPage.getByTestId("topic-moderation")).toHaveCount(0);

  // The leader moves it where it fits, with a reason.
  const again = leader.getByTestId("topic-moderation");
  if (!(await again.evaluate((d) => (d as HTMLDetailsElement).open))) await again.locator("summary").click();
  await leader.getByLabel("Move to").selectOption({ label: "Anxiety & Stress" });
  await leader.getByLabel(/Why it moves/).fill("It is about exam stress.");
  await leader.getByRole("button", { name: "Move topic" }).click();
  await expect(leader.locator(".crumbs")).toContainText("Anxiety & Stress");

  // Hidden: its author still sees it, marked; others do not find it.
  const controls2 = leader.getByTestId("topic-moderation");
  if (!(await controls2.evaluate((d) => (d as HTMLDetailsElement).open))) await controls2.locator("summary").click();
  await controls2.getByLabel(/Why it is hidden/).fill("Taking this down while we talk with the author.");
  await controls2.getByRole("button", { name: "Hide topic" }).click();
  await expect(leader.getByTestId("topic-hidden-note")).toBeVisible();
  await authorPage.reload();
  await expect(authorPage.getByTestId("topic-hidden-note")).toBeVisible();
  const outsider = await browser.newPage();
  await register(outsider, uniqueName("outsider"));
  const missing = await outsider.goto(topicUrl);
  expect(missing?.status()).toBe(404);
  // Restored: everyone sees it again.
  const controls3 = leader.getByTestId("topic-moderation");
  if (!(await controls3.evaluate((d) => (d as HTMLDetailsElement).open))) await controls3.locator("summary").click();
  await controls3.getByRole("button", { name: "Restore topic" }).click();
  await expect(leader.getByTestId("topic-hidden-note")).toHaveCount(0);
  const found = await outsider.goto(topicUrl);
  expect(found?.status()).toBe(200);
  await expect(outsider.getByRole("heading", { name: title })).toBeVisible();
  await outsider.close();

  await leader.goto("/audit");
  await hydrated(leader);
  await expect(leader.locator("table.audit")).toContainText("Depression Support → Anxiety & Stress: It is about exam stress.");
  await expect(leader.locator("table.audit")).toContainText("Pausing while we check in with the author.");
  await leader.close();
  await authorPage.close();
});

test("a mentor chooses how they hear of new items, on the notifications page", async ({ browser }) => {
  const mentor = await browser.newPage();
  await login(mentor, "tara_teenmentor");
  await mentor.goto("/notifications");
  await hydrated(mentor);
  await expect(mentor.getByLabel("Each new report or held post")).toBeChecked();
  await mentor.getByLabel("A daily digest").check();
  await mentor.getByRole("button", { name: "Save" }).click();
  await expect(mentor.getByRole("status")).toContainText("Saved.");
  await mentor.reload();
  await expect(mentor.getByLabel("A daily digest")).toBeChecked();
  // Back to the default, for the other tests.
  await mentor.getByLabel("Each new report or held post").check();
  await mentor.getByRole("button", { name: "Save" }).click();
  await expect(mentor.getByRole("status")).toContainText("Saved.");
  await mentor.close();

  // Members have no queue, so no such choice.
  const member = await browser.newPage();
  await register(member, uniqueName("plain"));
  await member.goto("/notifications");
  await expect(member.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(member.getByText("Tell me about new items in the queue")).toHaveCount(0);
  await member.close();
});

test("a leader takes over an item, lets it go and claims it, then takes away a misused listener badge", async ({ browser }) => {
  // A new member whom staff make a listener.
  const helperName = uniqueName("helper");
  const helper = await browser.newPage();
  await register(helper, helperName);
  const staff = await browser.newPage();
  await login(staff, "sam_staff");
  await staff.goto(`/u/${helperName}`);
  await hydrated(staff);
  await staff.getByLabel("Listener").check();
  await staff.getByRole("button", { name: "Save role" }).click();
  await staff.reload();
  await expect(staff.getByLabel("Listener")).toBeChecked();

  const title = `Venting ${Date.now().toString(36)}`;
  await startTopic(helper, "anxiety-and-stress", title, "you are all so dramatic about nothing, honestly");
  const topicUrl = helper.url();
  const member = await browser.newPage();
  await register(member, uniqueName("witness"));
  await reportFirstPost(member, topicUrl, "Harassment or bullying");
  await member.close();

  // Staff claim it; a leader takes over, lets go, and claims it again.
  await staff.goto("/queue");
  await hydrated(staff);
  await staff.getByTestId("queue-item").filter({ hasText: "so dramatic" }).getByRole("button", { name: "Claim" }).click();
  await expect(staff.getByTestId("queue-item").filter({ hasText: "so dramatic" })).toContainText("You are handling this.");
  const leader = await browser.newPage();
  await login(leader, "lea_leader");
  await leader.goto("/queue");
  await hydrated(leader);
  const item = leader.getByTestId("queue-item").filter({ hasText: "so dramatic" });
  await expect(item).toContainText("Being handled by sam_staff");
  await item.getByRole("button", { name: "Take over" }).click();
  await expect(item).toContainText("You are handling this.");
  await item.getByRole("button", { name: "Let someone else take it" }).click();
  await expect(item.getByRole("button", { name: "Claim" })).toBeVisible();
  await item.getByRole("button", { name: "Claim" }).click();
  await expect(item).toContainText("You are handling this.");

  // The badge goes with the decision.
  await item.locator("summary", { hasText: "Suspend, or take a badge away" }).click();
  await item.getByLabel(/^Note/).fill("Listeners support people; this was unkind.");
  await item.getByRole("button", { name: "Hide and remove the badge (listener)" }).click();
  await expect(leader.getByTestId("queue-item").filter({ hasText: "so dramatic" })).toHaveCount(0);
  await leader.close();

  await staff.goto(`/u/${helperName}`);
  await hydrated(staff);
  await expect(staff.getByLabel("Listener")).not.toBeChecked();
  await staff.close();
  await helper.goto("/account/warnings");
  const record = helper.getByTestId("sanction").first();
  await expect(record).toContainText("Listener badge removed");
  await expect(record).toContainText("Listeners support people; this was unkind.");
  await expect(record.locator("summary", { hasText: "Appeal this" })).toBeVisible();
  await helper.close();
});

test("resolving one item takes it off the queue page while an item with a contact note stays open", async ({ browser }) => {
  // An item showing the contact note: a reply only the model reads as an
  // invitation, flagged and published.
  const author = await browser.newPage();
  await register(author, uniqueName("guess"));
  const marker = Date.now().toString(36);
  // Words the model leaves alone whatever the random marker (see filters.spec).
  await startTopic(author, "depression-support", "Evening check-in", `I am checking in tonight after a long day. ${marker}`);
  await hydrated(author);
  await author.getByLabel("Your reply").fill(
    `Thanks for listening, ${marker}. Honestly it would be easier to keep chatting somewhere away from this site, just the two of us.`,
  );
  await author.getByRole("button", { name: "Post reply" }).click();
  await expect(author.locator(".post").filter({ hasText: "just the two of us" })).toBeVisible();
  await author.close();

  // An ordinary report in the same forum.
  const other = await browser.newPage();
  await register(other, uniqueName("rude"));
  await startTopic(other, "depression-support", "Rough week, honestly", `everyone here is useless ${marker}`);
  const reportedUrl = other.url();
  await other.close();
  await reportAsNewMember(browser, reportedUrl, "Harassment or bullying");

  const mentor = await browser.newPage();
  await login(mentor, "mo_mentor");
  await mentor.goto("/queue");
  await hydrated(mentor);
  const guess = mentor.getByTestId("queue-item").filter({ hasText: marker }).filter({ hasText: "just the two of us" });
  const report = mentor.getByTestId("queue-item").filter({ hasText: `everyone here is useless ${marker}` });
  await expect(guess.getByTestId("contact-note")).toBeVisible();
  await expect(report).toBeVisible();
  // Resolving the report removes it from the page at once; the flagged
  // item stays, still showing its note.
  await report.getByLabel(/^Note/).fill("Rude, not dangerous: hidden.");
  await report.getByRole("button", { name: "Hide", exact: true }).click();
  await expect(report).toHaveCount(0);
  await expect(guess.getByTestId("contact-note")).toBeVisible();
  // Its own form: the note typed for the other item is not in it, and its
  // edit box holds its own post, not the resolved one's.
  await expect(guess.getByLabel(/^Note/)).toHaveValue("");
  await expect(guess.locator('textarea[name="new_body"]')).toHaveValue(/just the two of us/);
  // And the flagged one goes the same way.
  await guess.getByLabel(/^Note/).fill("Asking to talk, not to leave Haven.");
  await guess.getByRole("button", { name: "Keep it, no action" }).click();
  await expect(guess).toHaveCount(0);
  await mentor.close();
});
