import { test, expect } from "@playwright/test";
import { bornYearsAgo, hydrated, register, startTopic, uniqueName } from "./helpers";

test("the header search finds a post written in the same test, with the words marked", async ({ page }) => {
  await register(page, uniqueName("seeker"));
  // A made-up word nobody else writes, so only this test's post can match.
  const word = `quillwort${Date.now().toString(36).replace(/[0-9]/g, "")}`;
  const title = `Grounding with plants ${word}`;
  await startTopic(page, "anxiety-and-stress", title, `> Naming the plants around me, like **${word}**, slows my \`breathing\` down.`);

  await page.goto("/");
  await hydrated(page);
  await page.getByLabel("Search Haven").fill(`${word} breathing`);
  await page.getByLabel("Search Haven").press("Enter");
  await expect(page).toHaveURL(/\/search\?q=/);
  const hit = page.getByTestId("search-hit");
  await expect(hit).toHaveCount(1);
  await expect(hit.locator("mark").first()).toBeVisible();
  await expect(hit.locator(".snippet mark", { hasText: "breathing" })).toBeVisible();
  // The header box keeps the query; the snippet is text, not Markdown.
  await expect(page.getByLabel("Search Haven")).toHaveValue(`${word} breathing`);
  await expect(hit.locator(".snippet")).toContainText(`like ${word}, slows my breathing down`);
  await expect(hit.locator(".snippet")).not.toContainText("**");

  // A typo still finds it, and the page says what it searched for.
  const typo = word.slice(0, 1) + word[2] + word[1] + word.slice(3); // "qiullwort…"
  await page.goto(`/search?q=${typo}`);
  await expect(page.getByRole("status")).toContainText(word);
  await expect(page.getByTestId("search-hit")).toHaveCount(1);
  // "Search instead for" what was typed: no correction, nothing found.
  await page.getByTestId("search-instead").click();
  await expect(page).toHaveURL(/exact=1/);
  await expect(page.getByText("Nothing found")).toBeVisible();

  // Filtering by another forum leaves it out; the result opens the topic.
  await page.goto(`/search?q=${word}&forum=depression-support`);
  await expect(page.getByText("Nothing found")).toBeVisible();
  await page.goto(`/search?q=${word}`);
  await page.getByTestId("search-hit").getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
});

test("a teen forum's posts never show up for adults", async ({ browser }) => {
  const teen = await browser.newPage();
  await register(teen, uniqueName("teen"), bornYearsAgo(15));
  const word = `zephyrine${Date.now().toString(36).replace(/[0-9]/g, "")}`;
  await startTopic(teen, "teen-support", `Revision plans ${word}`, `My ${word} timetable helps.`);
  await teen.goto(`/search?q=${word}`);
  await expect(teen.getByTestId("search-hit")).toHaveCount(1);
  await teen.close();

  const adult = await browser.newPage();
  await register(adult, uniqueName("adult"));
  await adult.goto(`/search?q=${word}`);
  await expect(adult.getByText("Nothing found")).toBeVisible();
  await adult.close();
});
