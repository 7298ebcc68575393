import { test, expect, type Page, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, login, uniqueName } from "./helpers";

// Text that tries to close every raw-text element and inject markup, a
// redirect and an unclosed comment (issue 14). Checked after hydration:
// nothing injected, no navigation, and the text reads exactly as typed.
const PAYLOAD =
  'Probe </title></textarea></script></noscript></style><b id=injected>x</b>' +
  '<meta http-equiv=refresh content="0;url=/evil"><!-- end';

async function apiLogin(request: APIRequestContext, name: string): Promise<void> {
  const res = await request.post("/api/v1/session", { data: { username: name, password: DEMO_PASSWORD } });
  expect(res.ok()).toBeTruthy();
}

/** Visits `url`, lets the page hydrate and settle, and checks nothing was injected. */
async function expectClean(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await hydrated(page);
  await page.waitForTimeout(300);
  expect(new URL(page.url()).pathname, `${url}: navigated away`).not.toBe("/evil");
  await expect(page.locator("#injected"), url).toHaveCount(0);
  await expect(page.locator("meta[http-equiv]"), url).toHaveCount(0);
  await expect(page.locator("main#main"), url).toHaveCount(1);
}

test("typed markup stays text in titles, posts, quotes and edit boxes after hydration", async ({ browser, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  await apiLogin(api, "max_member");
  const created = await api.post("/api/v1/forums/anxiety-and-stress/topics", { data: { title: PAYLOAD, body: PAYLOAD } });
  expect(created.status()).toBe(201);
  const topic = (await created.json()).id;
  const post = (await (await api.get(`/api/v1/topics/${topic}`)).json()).posts[0].id;
  await api.dispose();

  const page = await browser.newPage();
  const q = encodeURIComponent(PAYLOAD);
  for (const url of [`/t/${topic}`, "/f/anxiety-and-stress", `/search?q=${q}`, `/u/${q}`, `/login?next=${q}`]) {
    await expectClean(page, url);
  }
  await expectClean(page, `/t/${topic}`);
  await expect(page).toHaveTitle(`${PAYLOAD} · Haven`);
  await expect(page.locator("h1.topic-title")).toHaveText(PAYLOAD);

  await login(page, "lee_listener");
  await expectClean(page, `/t/${topic}?quote=${post}`);
  await expect(page.locator("#reply-body")).toHaveValue(new RegExp(`^> \\*\\*@max_member\\*\\* wrote:[\\s\\S]*${escapeRegExp(PAYLOAD)}`));

  // Client-side navigation renders in the browser, not on the server: the
  // title and text must read the same there.
  await page.goto("/f/anxiety-and-stress");
  await hydrated(page);
  await page.getByRole("link", { name: PAYLOAD }).first().click();
  await expect(page.locator("h1.topic-title")).toHaveText(PAYLOAD);
  await expect(page).toHaveTitle(`${PAYLOAD} · Haven`);
  await expect(page.locator("#injected")).toHaveCount(0);

  const author = await browser.newPage();
  await login(author, "max_member");
  await expectClean(author, `/posts/${post}/edit`);
  await expect(author.locator("#edit-body")).toHaveValue(PAYLOAD);
  await author.close();
  await page.close();
});

test("a hidden post offers no Quote, Upvote or Flag, and ?quote= does not fill the reply box with it", async ({ browser, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  await apiLogin(api, "max_member");
  const secret = uniqueName("regretted");
  const created = await api.post("/api/v1/forums/depression-support/topics", {
    data: { title: `A hard day ${secret}`, body: `Something I should not have said: ${secret}` },
  });
  const topic = (await created.json()).id;
  const reply = await api.post(`/api/v1/topics/${topic}/posts`, { data: { body: `And more: ${secret}-reply` } });
  const hiddenPost = (await reply.json()).id;
  await api.dispose();
  // The forum's mentor reports it: a mentor's report reaches the hiding threshold.
  const mentor = await playwright.request.newContext({ baseURL });
  await apiLogin(mentor, "mo_mentor");
  expect((await mentor.post(`/api/v1/posts/${hiddenPost}/flags`, { data: { reason: "harassment" } })).status()).toBe(201);
  await mentor.dispose();

  const page = await browser.newPage();
  await login(page, "lee_listener");
  await page.goto(`/t/${topic}?quote=${hiddenPost}`);
  await hydrated(page);
  const hidden = page.locator(`#post-${hiddenPost}`);
  await expect(hidden).toContainText("Hidden pending review");
  await expect(hidden).not.toContainText(`${secret}-reply`);
  await expect(hidden.getByRole("link", { name: "Quote" })).toHaveCount(0);
  await expect(hidden.locator("summary", { hasText: "Flag" })).toHaveCount(0);
  await expect(hidden.locator("button.upvote")).toBeDisabled();
  await expect(page.locator("#reply-body")).toHaveValue("");
  // The visible first post can still be quoted.
  const first = page.locator(".post").first();
  await first.getByRole("link", { name: "Quote" }).click();
  await expect(page.locator("#reply-body")).toHaveValue(new RegExp(secret));
  await expect(page.locator("#reply-body")).not.toHaveValue(new RegExp(`${secret}-reply`));
  await page.close();

  // Its author still sees it and may quote it.
  const authorPage = await browser.newPage();
  await login(authorPage, "max_member");
  await authorPage.goto(`/t/${topic}?quote=${hiddenPost}`);
  await hydrated(authorPage);
  await expect(authorPage.locator("#reply-body")).toHaveValue(new RegExp(`${secret}-reply`));
  await authorPage.close();
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
