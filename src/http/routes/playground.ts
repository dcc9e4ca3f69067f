/**
 * The playground: `GET /` serves one page (public/index.html) that scores a text with /v1/score
 * and shows the explanation: score and label, the two dimensions, the evidence highlighted in the
 * text, per-sentence scores and the signal table. Its script and styles are served from
 * /playground/ by @fastify/static; nothing comes from outside the service, so it works offline.
 * Hidden from the OpenAPI document: these routes are pages, not API.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'

const PUBLIC_DIR = new URL('../public/', import.meta.url)

/**
 * Only the service itself: no inline script, no CDN, no third-party request. Inline style
 * attributes are not needed either (bar widths are set through the CSSOM, which CSP allows).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/** The seed thread, trimmed to what the page shows: the post and its comments' texts. */
function seedThread() {
  const seed = JSON.parse(readFileSync(new URL('../seed-thread.json', import.meta.url), 'utf8')) as {
    post: { text: string }
    comments: Array<{ text: string }>
  }
  return { post: { text: seed.post.text }, comments: seed.comments.map((c) => ({ text: c.text })) }
}

export default async function playground(app: FastifyInstance) {
  const page = readFileSync(new URL('index.html', PUBLIC_DIR), 'utf8')
  const examples = JSON.stringify(seedThread())

  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(page),
  )

  app.get('/playground/seed-thread.json', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(examples),
  )

  await app.register(fastifyStatic, {
    root: fileURLToPath(PUBLIC_DIR),
    prefix: '/playground/',
    // The page is served by the route above; a directory listing or a second copy adds nothing.
    index: false,
    decorateReply: false,
    schemaHide: true,
  })
}
