import { test, expect } from "@playwright/test";
import { hydrated, login, register, startTopic, uniqueName } from "./helpers";

// Issue 19: what is new to each reader (unread counts, "new", jump to the
// first unread post), drafts kept on the server, and @-mention suggestions.

test("unread counts lead a reader to the first post they have not seen", async ({ browser }) => {
  const writer = await browser.newPage();
  await register(writer, uniqueName("writer"));
  const title = `Evenings ${Date.now().toString(36)}`;
  await startTopic(writer, "anxiety-and-stress", title, "Evenings are the hardest part.");
  const topicUrl = writer.url();

  const reader = await browser.newPage();
  await register(reader, uniqueName("reader"));
  await reader.goto("/unread");
  const row = reader.locator(".topic-row", { hasText: title });
  await expect(row.getByTestId("new-tag")).toHaveText("new");
  await row.getByRole("link", { name: title }).click();
  await expect(reader.getByRole("heading", { name: title })).toBeVisible();
  await expect(reader.getByTestId("first-unread")).toHaveCount(0);
  await reader.goto("/unread");
  await expect(reader.locator(".topic-row", { hasText: title })).toHaveCount(0);

  // Two replies later, Latest says so and the link jumps past what was read.
  for (const body of ["Thank you for reading.", "It helped to write it down."]) {
    await writer.goto(topicUrl);
    await hydrated(writer);
    await writer.getByLabel("Your reply").fill(body);
    await writer.getByRole("button", { name: "Post reply" }).click();
    await expect(writer.locator(".post", { hasText: body })).toBeVisible();
  }
  await reader.goto("/");
  const unread = reader.locator(".topic-row", { hasText: title }).getByTestId("topic-unread");
  await expect(unread).toHaveText("2 unread");
  await expect(unread).toHaveAccessibleName("2 unread posts, jump to the first");
  await unread.click();
  await expect(reader).toHaveURL(/after=1/);
  const first = reader.locator(".post", { has: reader.getByTestId("first-unread") });
  await expect(first).toContainText("Thank you for reading.");
  await expect(reader.getByTestId("first-unread")).toHaveText("New since your last visit");
  await reader.goto("/unread");
  await expect(reader.locator(".topic-row", { hasText: title })).toHaveCount(0);
});

test("a reply being written is kept on the server, restored, and gone once posted", async ({ page }) => {
  await register(page, uniqueName("drafter"));
  const title = `Drafts ${Date.now().toString(36)}`;
  await startTopic(page, "depression-support", title, "A topic to reply to.");
  const topicUrl = page.url();
  await hydrated(page);
  const box = page.getByLabel("Your reply");
  await box.fill("Something I am still working out how to say");
  await expect(page.getByTestId("draft-status")).toHaveText("Draft saved.");

  // Back later (another tab, another day): the text is there.
  await page.goto("/");
  await page.goto(topicUrl);
  await hydrated(page);
  await expect(page.getByLabel("Your reply")).toHaveValue("Something I am still working out how to say");
  await expect(page.getByTestId("draft-status")).toContainText("We kept the draft you were writing");

  // Text that could not be saved yet (here the save never reaches the
  // server): leaving asks first.
  await page.route("**/fn/save_draft", () => {});
  await page.getByLabel("Your reply").fill("Something I am still working out how to say, and more");
  await page.waitForRequest("**/fn/save_draft");
  const asked = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true }).catch(() => {});
  const dialog = await asked;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss();
});

test("posting removes the draft, and a new topic's title and text are kept too", async ({ page }) => {
  await register(page, uniqueName("poster"));
  await page.goto("/f/anxiety-and-stress/new");
  await hydrated(page);
  await page.getByLabel("Title").fill("Half a thought");
  await page.getByLabel("Your post").fill("that I will finish later");
  await expect(page.getByTestId("draft-status")).toHaveText("Draft saved.");
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Title")).toHaveValue("Half a thought");
  await expect(page.getByLabel("Your post")).toHaveValue("that I will finish later");

  const title = `Finished ${Date.now().toString(36)}`;
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Post topic" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Your reply").fill("A reply I do post");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.locator(".post", { hasText: "A reply I do post" })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Your reply")).toHaveValue("");
  await page.goto("/f/anxiety-and-stress/new");
  await hydrated(page);
  await expect(page.getByLabel("Title")).toHaveValue("");
  await expect(page.getByTestId("draft-status")).not.toContainText("We kept");
});

test("typing @ suggests only people who may read the forum, and a choice completes the name", async ({ page }) => {
  await register(page, uniqueName("mentioner"));
  await page.goto("/f/depression-support/new");
  await hydrated(page);
  const box = page.getByLabel("Your post");
  await box.pressSequentially("Thanks @mo_m");
  const list = page.getByTestId("mention-suggestions");
  await expect(list.getByRole("button", { name: "@mo_mentor" })).toBeVisible();
  await list.getByRole("button", { name: "@mo_mentor" }).click();
  await expect(box).toHaveValue("Thanks @mo_mentor ");
  await expect(list).toHaveCount(0);
  await box.pressSequentially("and you");
  await expect(box).toHaveValue("Thanks @mo_mentor and you");

  // In the teen forum a teen is offered its mentor, never an adult member.
  await page.context().clearCookies();
  await login(page, "tia_teen");
  await page.goto("/f/teen-support/new");
  await hydrated(page);
  const teenBox = page.getByLabel("Your post");
  await teenBox.pressSequentially("hi @tara");
  await expect(page.getByTestId("mention-suggestions").getByRole("button", { name: "@tara_teenmentor" })).toBeVisible();
  await teenBox.fill("");
  await teenBox.pressSequentially("hi @max_m");
  await expect(page.getByTestId("mention-none")).toContainText("Nobody by that name can read this forum");
  await expect(page.getByTestId("mention-suggestions")).toHaveCount(0);
});

test("a profile shows the person's recent posts and topics, and badges say what they mean", async ({ browser }) => {
  const page = await browser.newPage();
  const name = uniqueName("profiled");
  await register(page, name);
  const title = `Small wins ${Date.now().toString(36)}`;
  await startTopic(page, "anxiety-and-stress", title, "Went for a **short** walk today.");

  // Someone else reads it: the topic, and the post as text without marks.
  const guest = await browser.newPage();
  await guest.goto(`/u/${name}`);
  await hydrated(guest);
  await expect(guest.getByTestId("recent-topics").getByRole("link", { name: title })).toBeVisible();
  const post = guest.getByTestId("recent-posts").locator("li", { hasText: title });
  await expect(post.locator(".excerpt")).toHaveText("Went for a short walk today.");
  await post.getByRole("link", { name: title }).click();
  await expect(guest.getByRole("heading", { name: title })).toBeVisible();

  // A mentor's badges are explained on the profile, and on a tap anywhere.
  await guest.goto("/u/mo_mentor");
  await hydrated(guest);
  await expect(guest.getByTestId("badge-meanings")).toContainText("A mentor: looks after a forum");
  const badge = guest.locator("h1 .badge-at", { hasText: "mentor" });
  await expect(badge.getByTestId("badge-meaning")).toBeHidden();
  await badge.getByRole("button", { name: "mentor" }).click();
  await expect(badge.getByTestId("badge-meaning")).toBeVisible();
  await expect(badge.getByRole("button", { name: "mentor" })).toHaveAttribute("title", /looks after a forum/);
});

test("notifications quote the start of the post, group by topic, and say they were marked read", async ({ browser }) => {
  const reader = await browser.newPage();
  const readerName = uniqueName("noticed");
  await register(reader, readerName);
  const writer = await browser.newPage();
  await register(writer, uniqueName("mentioner"));
  const title = `Checking in ${Date.now().toString(36)}`;
  await startTopic(writer, "anxiety-and-stress", title, `@${readerName} how did the **interview** go?`);
  await hydrated(writer);
  await writer.getByLabel("Your reply").fill(`@${readerName} no pressure to answer, by the way.`);
  await writer.getByRole("button", { name: "Post reply" }).click();
  await expect(writer.locator(".post", { hasText: "no pressure to answer" })).toBeVisible();

  await reader.goto("/notifications");
  await expect(reader.getByTestId("marked-read")).toHaveText("2 new notifications marked as read.");
  const group = reader.getByTestId("notification-group").filter({ hasText: title });
  await expect(group.locator(".group-head")).toHaveText("2 notifications in this topic");
  const excerpts = group.getByTestId("notification-excerpt");
  await expect(excerpts).toHaveText([`@${readerName} no pressure to answer, by the way.`, `@${readerName} how did the interview go?`]);
});
