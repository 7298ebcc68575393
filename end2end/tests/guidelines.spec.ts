import { test, expect } from "@playwright/test";
import { hydrated, login, register, uniqueName } from "./helpers";

test("staff update a pinned guideline as a policy update; a member sees who changed what, acknowledges, and the banner goes away", async ({ browser }) => {
  // Staff find the welcome post pinned everywhere and edit it as a policy update.
  const staff = await browser.newPage();
  await login(staff, "sam_staff");
  await staff.goto("/");
  await hydrated(staff);
  const pinnedOnHome = staff.locator(".global-pins .topic-row").filter({ hasText: "Welcome to Haven" });
  await expect(pinnedOnHome).toContainText("pinned everywhere");
  await pinnedOnHome.getByRole("link", { name: /Welcome to Haven/ }).click();
  await expect(staff.getByTestId("pin-note")).toContainText("Pinned everywhere");
  const first = staff.locator(".post").first();
  await first.getByRole("link", { name: "Edit", exact: true }).click();
  await hydrated(staff);
  const body = staff.getByLabel("Post");
  const original = await body.inputValue();
  await body.fill(`${original}\n\n4. Mentors may move a conversation to a private thread here on Haven, never elsewhere.`);
  await staff.getByLabel(/This is a policy update/).check();
  await staff.getByLabel("Summary of what changed").fill("Rule 4: private threads stay on Haven");
  await staff.getByLabel(/Reason for editing/).fill("Mentors asked for it after the November review");
  await staff.getByRole("button", { name: "Save" }).click();
  await expect(staff.locator(".post").first()).toContainText("private thread here on Haven");
  const topicUrl = staff.url().split("#")[0];
  // The editor is not asked to acknowledge their own update.
  await staff.goto(topicUrl);
  await hydrated(staff);
  await expect(staff.getByTestId("policy-banner")).toHaveCount(0);

  // A member is told, sees the banner and who updated the post, and opens the history.
  const member = await browser.newPage();
  const name = uniqueName("reader");
  await register(member, name);
  await member.goto("/");
  await hydrated(member);
  await member.locator(".global-pins").getByRole("link", { name: /Welcome to Haven/ }).click();
  const post = member.locator(".post").first();
  const banner = post.getByTestId("policy-banner");
  await expect(banner).toContainText("Rule 4: private threads stay on Haven");
  await expect(post.locator(".edited")).toContainText(/updated by sam_staff on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  await post.locator(".edited a").click();
  await expect(member.getByRole("heading", { name: "Edit history" })).toBeVisible();
  await expect(member.getByTestId("revision").first()).toContainText("Policy update: Rule 4");
  await expect(member.getByTestId("revision").first().getByTestId("edit-reason")).toHaveText("Mentors asked for it after the November review");
  await expect(member.getByTestId("revision").first()).toContainText("sam_staff");
  const diff = member.getByTestId("diff");
  await expect(diff.locator("ins")).toContainText("private thread here on Haven");
  await expect(diff.locator("ins .sr-only").first()).toHaveText("[added: ");

  // Acknowledging removes the banner, and it stays gone.
  await member.goto(topicUrl);
  await hydrated(member);
  await member.locator(".post").first().getByRole("button", { name: "I have read this update" }).click();
  await expect(member.getByTestId("policy-banner")).toHaveCount(0);
  await expect(member.getByTestId("policy-acknowledged")).toContainText("acknowledgement was recorded");
  await member.reload();
  await expect(member.locator(".post").first()).toContainText("private thread here on Haven");
  await expect(member.getByTestId("policy-banner")).toHaveCount(0);

  // Staff see who has acknowledged the new version.
  await staff.goto(topicUrl);
  await staff.getByRole("link", { name: "Who has read the policy updates" }).click();
  const version = staff.getByTestId("policy-version").first();
  await expect(version).toContainText("Rule 4: private threads stay on Haven");
  await expect(version).toContainText(name);

  // The member hides the global pin for themselves.
  await member.getByRole("button", { name: "Hide this pin for me" }).click();
  await expect(member.getByRole("button", { name: "Hide this pin for me" })).toHaveCount(0);
  await member.goto("/");
  await expect(member.getByRole("heading", { name: "Forums" })).toBeVisible();
  await expect(member.locator(".global-pins")).toHaveCount(0);
  await staff.close();
  await member.close();
});
