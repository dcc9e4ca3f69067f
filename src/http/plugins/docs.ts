/**
 * The OpenAPI document (GET /docs/json, committed as openapi/openapi.json) and Swagger UI at /docs.
 *
 * The routes' zod schemas are the source; this plugin only names and finishes the document:
 * - every request and answer is a named component (COMPONENTS), so generated clients get
 *   `ScoreRequest`, `ScoreResponse`, … instead of anonymous types;
 * - components nothing refers to are dropped, and a request schema takes the plain name (zod's
 *   transform calls the input side `ScoreRequestInput`, to keep it apart from an output of the same
 *   schema, which no route here has);
 * - every error status gets a description saying when it comes, 429 and 503 their Retry-After;
 * - the operations get short named examples from the seed thread, and the answer example is what
 *   this service's scorer answers for it, so it can never drift from the model in use.
 * `npx redocly lint openapi/openapi.json` passes with no problem (test/openapi.test.ts).
 */
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { SECURITY_SCHEMES } from './auth.js'
import * as schemas from '../schemas.js'
import * as perspective from '../perspective-schemas.js'
import { ForgetResponseSchema } from '../routes/templates.js'
import { FeedbackRequestSchema, FeedbackResponseSchema } from '../routes/feedback.js'
import { FeedbackRowSchema } from '../../feedback/row.js'
import { EvidenceSchema, FiredSignalSchema, explainResult } from '../../engine/result.js'
import type { Scorer } from '../../engine/score.js'

const PACKAGE = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string; license: string }

/** The component name of each schema a route uses, as generated clients will call its type. */
const COMPONENTS: ReadonlyArray<readonly [z.ZodType, string]> = [
  [schemas.ScoreRequestSchema, 'ScoreRequest'],
  [schemas.ScoreResponseSchema, 'ScoreResponse'],
  [schemas.ScoreResponseFullSchema, 'ScoreResponseFull'],
  [schemas.ScoreResponseFiredSchema, 'ScoreResponseFired'],
  [schemas.ScoreResponseBriefSchema, 'ScoreResponseBrief'],
  [schemas.AuthorStatsSchema, 'AuthorStats'],
  [schemas.SignalResultSchema, 'SignalResult'],
  [FiredSignalSchema, 'FiredSignal'],
  [EvidenceSchema, 'Evidence'],
  [schemas.LabelSchema, 'Label'],
  [schemas.DimensionSchema, 'Dimension'],
  [schemas.SignalCatalogueSchema, 'SignalCatalogue'],
  [schemas.BatchRequestSchema, 'BatchRequest'],
  [schemas.BatchItemSchema, 'BatchItem'],
  [schemas.BatchResponseSchema, 'BatchResponse'],
  [schemas.ItemScoreFullSchema, 'ItemScoreFull'],
  [schemas.ItemScoreFiredSchema, 'ItemScoreFired'],
  [schemas.ItemScoreBriefSchema, 'ItemScoreBrief'],
  [schemas.ItemErrorSchema, 'ItemError'],
  [schemas.ItemIdSchema, 'ItemId'],
  [schemas.ThreadRequestSchema, 'ThreadRequest'],
  [schemas.ThreadResponseSchema, 'ThreadResponse'],
  [schemas.ClusterSchema, 'Cluster'],
  [ForgetResponseSchema, 'ForgetResponse'],
  [FeedbackRequestSchema, 'FeedbackRequest'],
  [FeedbackResponseSchema, 'FeedbackResponse'],
  [FeedbackRowSchema, 'FeedbackRow'],
  [schemas.HealthSchema, 'Health'],
  [schemas.ReadySchema, 'Readiness'],
  [schemas.ErrorSchema, 'Error'],
  [perspective.AnalyzeCommentRequestSchema, 'AnalyzeCommentRequest'],
  [perspective.AnalyzeCommentResponseSchema, 'AnalyzeCommentResponse'],
  [perspective.PerspectiveErrorSchema, 'PerspectiveError'],
]

// Names given once per process (the schemas are module singletons; every app shares them). The
// schema's own metadata (its description) is kept.
for (const [schema, id] of COMPONENTS) {
  if (z.globalRegistry.get(schema)?.id !== id) z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id })
}

/** When each error status comes, for the responses' descriptions. */
const STATUS_DESCRIPTIONS: Readonly<Record<string, string>> = {
  '400': 'The body is not valid: the message names the field, what it expects and what came.',
  '401': 'No valid API key (only when the service runs with API_KEYS).',
  '403': 'Not allowed here: the message says why.',
  '413': 'The body, or the text it holds, is over its limit: the message says which.',
  '415': 'The body is not JSON: send Content-Type: application/json.',
  '429': 'Rate limit exceeded (RATE_LIMIT_MAX units per RATE_LIMIT_WINDOW, per API key or client address): retry after Retry-After seconds.',
  '503': 'Overloaded (event loop delay over MAX_EVENT_LOOP_DELAY_MS), past REQUEST_TIMEOUT_MS, or the template memory cannot be reached: retry, after Retry-After seconds when given.',
}

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } }

type Json = Record<string, unknown>
type Examples = Record<string, { summary: string; value: unknown }>

/** The named examples of each operation: request bodies, and answers the scorer computes. */
function operationExamples(scorer: Scorer): Record<string, { request?: Examples; response?: Examples }> {
  const stock = { text: schemas.EXAMPLE_TEMPLATED_COMMENT, kind: 'comment' as const, parent: schemas.EXAMPLE_POST_OPENING }
  const real = { text: schemas.EXAMPLE_AUTHENTIC_COMMENT, kind: 'comment' as const, parent: schemas.EXAMPLE_POST_OPENING }
  const answer = (request: typeof stock) => explainResult(scorer.score(request), 'fired')
  return {
    score: {
      request: {
        stockComment: { summary: 'A stock comment under a post (seed thread)', value: stock },
        realComment: { summary: 'A comment that answers the post (seed thread)', value: real },
      },
      response: {
        stockComment: { summary: "The service's answer for the stock comment", value: answer(stock) },
        realComment: { summary: "The service's answer for the real comment", value: answer(real) },
      },
    },
    scoreBatch: {
      request: {
        twoComments: {
          summary: 'Two comments under one post, with ids and authors',
          value: { items: [{ id: 'c1', ...stock, author: 'account-17' }, { id: 'c2', ...real, author: 'account-42' }] },
        },
      },
    },
    scoreThread: {
      request: {
        seedThread: {
          summary: 'A post and its comments (seed thread, post shortened)',
          value: {
            post: { text: schemas.EXAMPLE_POST_OPENING, author: 'bruce' },
            comments: schemas.EXAMPLE_COMMENTS.map((text, i) => ({ id: `c${i + 1}`, text })),
          },
        },
      },
    },
    analyzeComment: {
      request: {
        templatedAttribute: {
          summary: 'The TEMPLATED score of a stock comment, with its post as context',
          value: { comment: { text: stock.text }, context: { entries: [{ text: stock.parent }] }, requestedAttributes: { TEMPLATED: {} }, doNotStore: true },
        },
        spans: {
          summary: 'Every attribute, with a score per sentence',
          value: { comment: { text: real.text }, requestedAttributes: { AI_STYLE: {}, GENERIC: {}, TEMPLATED: {} }, spanAnnotations: true, languages: ['en'] },
        },
      },
    },
  }
}

/** Every `$ref` name under `node`. */
function refsIn(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const v of node) refsIn(v, into)
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') into.add(v.slice(v.lastIndexOf('/') + 1))
      else refsIn(v, into)
    }
  }
  return into
}

/** `node` with every `$ref` renamed by `names`, and every one-branch anyOf (zod's union with an `unknown` branch dropped) replaced by its branch. */
function rewrite(node: unknown, names: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((v) => rewrite(v, names))
  if (node === null || typeof node !== 'object') return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const name = v.slice(v.lastIndexOf('/') + 1)
      out[k] = `#/components/schemas/${names.get(name) ?? name}`
    } else if (k === 'anyOf' && Array.isArray(v) && v.length === 1) Object.assign(out, rewrite(v[0], names))
    else out[k] = rewrite(v, names)
  }
  return out
}

/** The document zod's transform made, finished: used components only, plain names, statuses described, examples. */
export function finishDocument(document: Json, scorer: Scorer): Json {
  const components = (document.components as { schemas: Record<string, unknown> }).schemas
  // The components reachable from the operations, transitively.
  const used = refsIn(document.paths, new Set())
  for (const queue = [...used]; queue.length > 0; ) {
    for (const name of refsIn(components[queue.pop()!], new Set())) if (!used.has(name)) used.add(name) && queue.push(name)
  }
  // `XInput` is called `X` when no output `X` is used, or when the two are the same schema.
  const names = new Map<string, string>()
  for (const name of used) {
    const plain = name.slice(0, -5)
    if (name.endsWith('Input') && (!used.has(plain) || JSON.stringify(components[plain]) === JSON.stringify(components[name]))) names.set(name, plain)
  }
  const kept = Object.fromEntries([...used].sort().map((name) => [names.get(name) ?? name, components[name]]))
  const doc = rewrite({ ...document, components: { ...(document.components as Json), schemas: kept } }, names) as Json

  const examples = operationExamples(scorer)
  for (const path of Object.values(doc.paths as Record<string, Record<string, Json>>)) {
    for (const operation of Object.values(path)) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        if (STATUS_DESCRIPTIONS[status]) response.description = STATUS_DESCRIPTIONS[status]
        if (status === '429' || status === '503') response.headers = RETRY_AFTER
      }
      const named = examples[operation.operationId as string]
      const requestMedia = (operation.requestBody as { content?: Record<string, Json> } | undefined)?.content?.['application/json']
      if (named?.request && requestMedia) requestMedia.examples = named.request
      const responseMedia = (operation.responses as Record<string, { content?: Record<string, Json> }>)['200']?.content?.['application/json']
      if (named?.response && responseMedia) responseMedia.examples = named.response
    }
  }
  return doc
}

export interface DocsOptions {
  /** The scorer whose answers the examples show. */
  scorer: Scorer
}

async function docs(app: FastifyInstance, options: DocsOptions) {
  const fromZod = createJsonSchemaTransformObject({})
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'authenticity-service',
        description:
          'Scores a social-media post or comment for templated, banal, AI-style writing and explains why, signal by signal, down to the characters that triggered each signal. The score describes the text, not who wrote it.',
        version: PACKAGE.version,
        license: { name: PACKAGE.license, identifier: PACKAGE.license },
      },
      servers: [{ url: '/', description: 'The service that serves this document.' }],
      tags: [
        { name: 'scoring', description: 'Score texts' },
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'perspective', description: 'Perspective API compatible (AnalyzeComment), for clients switching by base URL' },
      ],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: createJsonSchemaTransform({ skipList: ['/docs', '/docs/*', '/docs/json', '/docs/yaml', '/docs/static/*'] }),
    transformObject: (document) => finishDocument(fromZod(document) as Json, options.scorer) as ReturnType<typeof fromZod>,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}

export default fp(docs, { name: 'authenticity-docs', fastify: '5.x' })
