import t, { type Test } from 'tap'
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

/** The browser tests: skipped, saying why, where Chromium is not installed. */
const BROWSER_TEST = { skip: existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}: the playground browser test did not run (.ci/run installs the Debian package chromium)`, timeout: 120_000 }

/** The app listening on a free port and a headless Chromium, both closed when `t` ends. */
async function appInBrowser(t: Test) {
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
  return { app, origin, browser }
}

t.test(
  'in a real browser: type a seed comment, score it, read the label and the highlighted evidence',
  BROWSER_TEST,
  async (t) => {
    const { app, origin, browser } = await appInBrowser(t)
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

    const titles = await marks.evaluateAll((ms) => ms.map((m) => m.getAttribute('title') ?? ''))
    t.same(titles.filter((title) => /±0\.00\)/.test(title)), [], 'no highlight for a signal that did not move the score (weight 0)')
    t.equal(await page.locator('#results mark.m-neutral').count(), 0)
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

/** What the phone test measures on the page, in CSS pixels. */
interface PhoneLayout {
  viewportWidth: number
  scrollWidth: number
  rows: Array<{ id: string; left: number; right: number; cells: Array<{ left: number; right: number; width: number }> }>
  bars: Array<{ value: number; track: number; fill: number; left: number; right: number }>
  boxes: Record<string, { left: number; right: number; top: number; width: number }>
  marks: Array<{ left: number; right: number; width: number; height: number }>
  highlighted: Array<{ scrollWidth: number; clientWidth: number; right: number }>
}

/** Measures the rendered results: page width, signal rows, dimension bars, form controls, highlights. */
function measurePhoneLayout(): PhoneLayout {
  const box = (node: Element) => {
    const r = node.getBoundingClientRect()
    return { left: r.left, right: r.right, top: r.top, width: r.width, height: r.height }
  }
  const byId = (id: string) => box(document.getElementById(id) as Element)
  return {
    viewportWidth: document.documentElement.clientWidth,
    scrollWidth: (document.scrollingElement as Element).scrollWidth,
    rows: Array.from(document.querySelectorAll('#results table.signals tbody tr')).map((tr) => ({
      id: tr.querySelector('code')?.textContent ?? '',
      ...box(tr),
      cells: Array.from(tr.children).map(box),
    })),
    bars: Array.from(document.querySelectorAll('#results [role="meter"]')).map((bar) => ({
      value: Number(bar.getAttribute('aria-valuenow')),
      track: bar.getBoundingClientRect().width,
      fill: (bar.querySelector('.fill') as Element).getBoundingClientRect().width,
      ...box(bar),
    })),
    boxes: { text: byId('text'), parent: byId('parent'), score: byId('score'), example: byId('example'), kind: byId('kind') },
    marks: Array.from(document.querySelectorAll('#results mark')).map(box),
    highlighted: Array.from(document.querySelectorAll<HTMLElement>('#results .highlighted')).map((h) => ({
      scrollWidth: h.scrollWidth,
      clientWidth: h.clientWidth,
      right: h.getBoundingClientRect().right,
    })),
  }
}

t.test(
  'on a phone (390 × 844): no sideways scrolling, every signal row on screen, bars that show their values',
  BROWSER_TEST,
  async (t) => {
    const { app, origin, browser } = await appInBrowser(t)
    const WIDTH = 390
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    // Every check below, for whatever the page shows at the time; `what` names the state.
    const check = async (what: string) => {
      const m = await page.evaluate(measurePhoneLayout)
      t.comment(`${what}: scrollWidth ${m.scrollWidth}, widest signal row ends at ${Math.max(...m.rows.map((r) => r.right)).toFixed(0)}, bar tracks ${m.bars.map((b) => b.track.toFixed(0)).join(', ')} px`)
      t.equal(m.viewportWidth, WIDTH, `${what}: the layout viewport is the phone's (meta viewport honoured)`)
      t.ok(m.scrollWidth <= WIDTH, `${what}: the page does not scroll sideways (scrollWidth ${m.scrollWidth} <= ${WIDTH})`)
      t.ok(m.rows.length >= 2, `${what}: test premise: at least two signal rows (${m.rows.length})`)
      const offRows = m.rows.filter((r) => r.left < 0 || r.right > WIDTH || r.cells.some((c) => c.left < 0 || c.right > WIDTH))
      t.same(offRows.map((r) => `${r.id} [${r.left.toFixed(0)}, ${r.right.toFixed(0)}]`), [], `${what}: every signal row and each of its cells lies within the ${WIDTH} px viewport`)
      for (const b of m.bars) {
        t.ok(b.left >= 0 && b.right <= WIDTH, `${what}: a bar lies within the viewport ([${b.left.toFixed(0)}, ${b.right.toFixed(0)}])`)
        t.ok(b.track >= 160, `${what}: a bar's track keeps a readable width (${b.track.toFixed(0)} px >= 160)`)
        if (b.value > 0.01) t.ok(b.fill > 0, `${what}: a bar for ${b.value} is filled (${b.fill.toFixed(1)} px)`)
        // The fill is Math.round(value * 100)% of the track: within half a percent and a pixel.
        t.ok(Math.abs(b.fill - b.value * b.track) <= 0.005 * b.track + 1, `${what}: a bar's fill (${b.fill.toFixed(1)} of ${b.track.toFixed(1)} px) is its value (${b.value})`)
      }
      // Bars of different values, compared pairwise: the larger value has the wider fill.
      for (const a of m.bars) {
        for (const b of m.bars) {
          if (a.value - b.value > 0.02) t.ok(a.fill > b.fill, `${what}: ${a.value} > ${b.value}, and so is its bar (${a.fill.toFixed(1)} > ${b.fill.toFixed(1)} px)`)
        }
      }
      for (const [name, b] of Object.entries(m.boxes)) {
        t.ok(b.left >= 0 && b.right <= WIDTH && b.width > 0, `${what}: #${name} is fully inside the viewport horizontally ([${b.left.toFixed(0)}, ${b.right.toFixed(0)}])`)
      }
      t.ok(m.marks.length >= 1, `${what}: evidence is highlighted (${m.marks.length} marks)`)
      t.ok(m.marks.every((k) => k.width > 0 && k.height > 0 && k.left >= 0 && k.right <= WIDTH), `${what}: every highlight is visible within the viewport`)
      t.ok(m.highlighted.every((h) => h.scrollWidth <= h.clientWidth && h.right <= WIDTH), `${what}: the highlighted text wraps inside its box`)
      return m
    }

    await page.goto(`${origin}/`)
    const before = await page.evaluate(() => ({ scrollWidth: (document.scrollingElement as Element).scrollWidth, width: document.documentElement.clientWidth }))
    t.ok(before.scrollWidth <= WIDTH, `the empty page does not scroll sideways (${before.scrollWidth})`)

    // The seed thread's post, scored as a post: a real text, long, with many signals.
    await page.getByLabel('Post or comment').fill(seed.post.text)
    await page.getByLabel('Kind').selectOption('post')
    await page.getByRole('button', { name: 'Score', exact: true }).tap()
    await page.locator('#results .label').waitFor()
    const post = await check('the seed post')
    const api = (await app.inject({ method: 'POST', url: '/v1/score', payload: { text: seed.post.text, kind: 'post', remember: false, explain: 'full' } })).json()
    t.equal(post.rows.length, api.signals.filter((s: { contribution: number }) => s.contribution !== 0).length, 'a row for every signal that moved the score')
    const ai = post.bars[0]
    const generic = post.bars[1]
    t.same([ai.value, generic.value], [api.dimensions.aiStyle, api.dimensions.generic], 'the bars are aiStyle and generic, in that order')
    t.comment(`the seed post: aiStyle ${ai.value} (${ai.fill.toFixed(1)} px), generic ${generic.value} (${generic.fill.toFixed(1)} px)`)
    // Every row's numbers can be read: value, contribution and evidence count are on screen, unclipped.
    const unreadable = await page.locator('#results table.signals tbody td').evaluateAll((cells) =>
      cells.filter((c) => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().height === 0).map((c) => c.textContent),
    )
    t.same(unreadable, [], 'no signal cell is clipped or hidden')

    // A long unbroken URL and word must wrap, not widen the page.
    const long = `Read https://example.com/${'a-very-long-path-segment-'.repeat(12)}end and ${'Supercalifragilistic'.repeat(6)}. Moreover, it is vital to foster collaboration. Great post, very timely!`
    await page.getByLabel('Post or comment').fill(long)
    await page.getByRole('button', { name: 'Score', exact: true }).tap()
    await page.waitForFunction(() => document.querySelector('#results .highlighted')?.textContent?.startsWith('Read https://'))
    await check('a text with a long URL')

    // The example: two cards, one above the other.
    await page.getByRole('button', { name: 'Load example' }).tap()
    await page.locator('#results .card').nth(1).waitFor()
    const pair = await check('the example pair')
    const cards = await page.locator('#results .card').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, right: r.right })))
    t.ok(cards[1].top >= cards[0].bottom, 'the two example cards are stacked, not side by side')
    t.equal(pair.bars.length, 4, 'two bars a card')

    t.same(problems, [], 'no script errors')
  },
)
