import t from 'tap'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../../src/http/app.js'
import { CONTENT_SECURITY_POLICY } from '../../src/http/routes/playground.js'

const seed = JSON.parse(readFileSync(new URL('../../../shared/data/seed-thread.json', import.meta.url), 'utf8')) as {
  post: { text: string }
  comments: Array<{ text: string }>
}
const CHROMIUM = '/usr/bin/chromium'
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/**
 * Where the browser test saves its screenshot: .tap/ (ignored by git) unless PLAYGROUND_SCREENSHOT
 * names a path, relative to the checkout. The README's docs/playground.png is refreshed on purpose:
 * PLAYGROUND_SCREENSHOT=docs/playground.png npx tap --disable-coverage test/http/playground.test.ts
 */
const SCREENSHOT = resolve(ROOT, process.env.PLAYGROUND_SCREENSHOT || '.tap/playground.png')

t.test('GET / serves the playground page, same-origin only', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html/)
  t.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY)
  t.match(CONTENT_SECURITY_POLICY, /default-src 'self'/)
  const html = res.body
  for (const id of ['text', 'parent', 'kind', 'apikey']) t.match(html, new RegExp(`<label for="${id}">`), `#${id} has a label`)
  t.match(html, /<button id="score" type="submit"/)
  t.match(html, /<button id="example" type="button">Load example<\/button>/)
  t.match(html, /<html lang="en">/)
  t.match(html, /role="status" aria-live="polite"/, 'results are announced')
  t.match(html, /<script type="module" src="playground\/app.js">/, 'relative URLs: the page also works behind a path prefix')
  t.notMatch(html, /<script>/, 'no inline script (the CSP forbids it)')
  for (const asset of ['/', '/playground/app.js', '/playground/style.css']) {
    const body = (await app.inject({ method: 'GET', url: asset })).body
    t.notMatch(body, /(?:src|href)=["']?(?:https?:)?\/\//, `${asset}: nothing loaded from another origin`)
    t.notMatch(body, /fetch\(['"`]https?:/, `${asset}: no fetch to another origin`)
    t.notMatch(body, /@import\s+url\(['"]?https?:/, `${asset}: no external stylesheet`)
  }
})

t.test('the page script and styles are served from /playground/', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const js = await app.inject({ method: 'GET', url: '/playground/app.js' })
  t.equal(js.statusCode, 200)
  t.match(js.headers['content-type'], /javascript/)
  t.match(js.body, /Array\.from\(text\)/, 'evidence offsets are cut as code points')
  const css = await app.inject({ method: 'GET', url: '/playground/style.css' })
  t.equal(css.statusCode, 200)
  t.match(css.headers['content-type'], /^text\/css/)
  const missing = await app.inject({ method: 'GET', url: '/playground/nothing-here.js' })
  t.equal(missing.statusCode, 404)
  t.same(Object.keys(missing.json()).sort(), ['error', 'message', 'statusCode'], 'the one error envelope')
  const escape = await app.inject({ method: 'GET', url: '/playground/..%2f..%2fpackage.json' })
  t.equal(escape.statusCode, 404, 'no way out of the public folder')
})

t.test('GET /playground/seed-thread.json serves the seed thread for "Load example"', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/playground/seed-thread.json' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  t.same(res.json(), { post: { text: seed.post.text }, comments: seed.comments.map((c) => ({ text: c.text })) })
})

t.test('the playground routes stay out of the OpenAPI document', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  await app.ready()
  const paths = Object.keys((app.swagger() as { paths: Record<string, unknown> }).paths)
  t.notOk(paths.includes('/'), 'GET / is hidden')
  t.notOk(paths.some((p) => p.startsWith('/playground')), 'the static files are hidden')
})

t.test(
  'in a real browser: type a seed comment, score it, read the label and the highlighted evidence',
  { skip: existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}: the playground browser test did not run (.ci/run installs the Debian package chromium)`, timeout: 120_000 },
  async (t) => {
    const { chromium } = await import('playwright-core')
    const app = await buildApp()
    await app.listen({ host: '127.0.0.1', port: 0 })
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    t.teardown(async () => {
      await browser.close()
      await app.close()
    })
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const foreign: string[] = []
    const problems: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith(origin)) foreign.push(r.url())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })

    await page.goto(`${origin}/`)
    await page.getByLabel('Post or comment').pressSequentially(seed.comments[0].text)
    await page.getByLabel('Parent post').fill(seed.post.text)
    await page.getByLabel('Kind').selectOption('comment')
    await page.getByRole('button', { name: 'Score', exact: true }).click()

    // The page shows what the API answers for the same input (it scores with remember: false).
    const api = async (text: string) => (await app.inject({ method: 'POST', url: '/v1/score', payload: { text, kind: 'comment', parent: seed.post.text, remember: false } })).json()
    const stock = await api(seed.comments[0].text)
    const label = page.locator('#results .label')
    await label.waitFor()
    t.equal(await label.textContent(), stock.label, `the label is the API's (${stock.label})`)
    t.equal(await page.locator('#results .score-value').textContent(), stock.score.toFixed(3), "and so is the score")
    const marks = page.locator('#results mark')
    t.ok((await marks.count()) >= 1, 'at least one <mark>')
    t.equal(await page.locator('#results [role="meter"]').count(), 2, 'bars for aiStyle and generic')
    t.ok((await page.locator('#results .sentence-score').count()) >= 1, 'per-sentence scores are shown')
    t.ok((await page.locator('#results table.signals tbody tr').count()) >= 1, 'the signal table')

    const first = marks.first()
    t.match(await first.getAttribute('title'), /generic-praise|name-plus-praise/, 'the title names the signal')
    t.equal(await first.getAttribute('tabindex'), '0', 'reachable by keyboard')
    const describedBy = await first.getAttribute('aria-describedby')
    t.ok(describedBy && (await page.locator(`[id="${describedBy}"]`).textContent())?.includes(':'), 'aria-describedby holds the description')
    await first.focus()
    t.match(await page.locator('#results .detail').textContent(), /praise/i, 'focus shows the signal and its note')
    await page.getByLabel('Parent post').evaluate((box) => box.scrollTo(0, 0))
    await page.screenshot({ path: screenshotPath(), fullPage: true })

    // Code points, not UTF-16 units: emoji before the evidence must not shift the highlights.
    const emoji = '🚀🚀 Great post Bruce! Very timely. 👍'
    await page.getByLabel('Post or comment').fill(emoji)
    await page.getByLabel('Post or comment').press('Control+Enter')
    await page.waitForFunction(() => document.querySelector('#results .highlighted')?.textContent?.includes('🚀🚀 Great'))
    const shown = await page.locator('#results .highlighted').evaluate((box) => {
      const copy = box.cloneNode(true) as HTMLElement
      copy.querySelectorAll('.sentence-score').forEach((s) => s.remove())
      return copy.textContent
    })
    t.equal(shown, emoji, 'the highlighted text is the submitted text, character for character')
    // Each highlight's place in the text, in code points; every piece of evidence the API reports
    // must begin and end at a highlight's edge (with UTF-16 offsets they would sit two places off).
    const highlights = await page.locator('#results .highlighted').evaluate((box) => {
      const found: Array<{ start: number; end: number }> = []
      let at = 0
      for (const node of Array.from(box.childNodes)) {
        if (node instanceof HTMLElement && node.classList.contains('sentence-score')) continue
        const length = Array.from(node.textContent ?? '').length
        if (node instanceof HTMLElement && node.tagName === 'MARK') found.push({ start: at, end: at + length })
        at += length
      }
      return found
    })
    const evidence = (await api(emoji)).signals.flatMap((s: { id: string; evidence: Array<{ start: number; end: number; text: string }> }) => s.evidence.map((e) => ({ id: s.id, ...e })))
    t.ok(evidence.some((e: { start: number }) => e.start > 0), 'test premise: evidence after the emoji')
    for (const e of evidence) {
      t.ok(highlights.some((h) => h.start === e.start) && highlights.some((h) => h.end === e.end), `${e.id} "${e.text}" [${e.start}, ${e.end}) is highlighted exactly`)
    }

    await page.getByRole('button', { name: 'Load example' }).click()
    await page.locator('#results .card').nth(1).waitFor()
    const specific = await api(seed.comments[seed.comments.length - 1].text)
    t.same(await page.locator('#results .card .label').allTextContents(), [stock.label, specific.label], "the first and the last seed comment side by side, labelled as the API labels them")
    const scores = (await page.locator('#results .card .score-value').allTextContents()).map(Number)
    t.same(scores, [stock.score, specific.score].map((x: number) => Number(x.toFixed(3))))
    t.ok(scores[0] > scores[1], `the stock comment (${scores[0]}) scores above the specific one (${scores[1]})`)
    t.equal(await page.getByLabel('Post or comment').inputValue(), seed.comments[0].text, 'the form holds the example')

    t.same(foreign, [], 'the page requested nothing outside the service')
    t.same(problems, [], 'no script errors')
  },
)

function screenshotPath() {
  mkdirSync(dirname(SCREENSHOT), { recursive: true })
  return SCREENSHOT
}
