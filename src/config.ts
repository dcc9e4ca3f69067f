/**
 * Configuration from the environment, validated: the one place that reads process.env for the
 * service. A bad value stops start-up with a message naming the variable.
 */
import { z } from 'zod'

/** Shortest accepted API key: a guessable key is no key. */
export const MIN_KEY_CHARS = 16

/** Milliseconds per unit word of a duration. */
const UNIT_MS: Record<string, number> = {}
for (const [ms, words] of [
  [1, ['', 'ms', 'millisecond', 'milliseconds']],
  [1000, ['s', 'sec', 'secs', 'second', 'seconds']],
  [60_000, ['m', 'min', 'mins', 'minute', 'minutes']],
  [3_600_000, ['h', 'hr', 'hrs', 'hour', 'hours']],
  [86_400_000, ['d', 'day', 'days']],
] as const) for (const w of words) UNIT_MS[w] = ms

/** "1 minute", "30s", "2 hours", "500 ms" or a bare number of milliseconds; undefined when unreadable. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  const perUnit = m ? UNIT_MS[m[2].toLowerCase()] : undefined
  if (m === null || perUnit === undefined) return undefined
  const ms = Math.round(Number(m[1]) * perUnit)
  return ms >= 1 ? ms : undefined
}

const ConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  // Template memory (src/store/): in-process by default, a shared Redis when REDIS_URL is set.
  REDIS_URL: z
    .union([z.literal(''), z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')])
    .optional()
    .transform((url) => url || undefined),
  TEMPLATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
  TEMPLATE_MAX_ENTRIES: z.coerce.number().int().positive().default(1_000_000),
  TEMPLATE_MIN_AUTHORS: z.coerce.number().int().positive().default(3),
  TEMPLATE_SALT: z.string().optional(),
  /** Comma-separated API keys; empty: the service is open (see src/http/plugins/auth.ts). */
  API_KEYS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((k) => k.trim()).filter((k) => k !== ''))
    .refine((keys) => keys.every((k) => k.length >= MIN_KEY_CHARS), {
      message: `each key must be at least ${MIN_KEY_CHARS} characters (e.g. openssl rand -hex 32)`,
    }),
  /** Requests per RATE_LIMIT_WINDOW per API key (or client address); 0 turns rate limiting off. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(1000),
  RATE_LIMIT_WINDOW: z
    .string()
    .default('1 minute')
    .transform((s, ctx) => {
      const ms = parseDurationMs(s)
      if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'a duration such as "1 minute", "30 seconds" or "500 ms"' })
      return ms ?? 0
    }),
  /** Shed load (503) while the event loop lags more than this (mean over a second); 0 turns it off. */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(200),
  /** Socket inactivity and whole-request timeout; 0 turns them off. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** On SIGTERM, in-flight requests get this long to finish before the process exits anyway (code 1). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
})

export type Config = z.infer<typeof ConfigSchema>

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`invalid configuration: ${problems}`)
  }
  return result.data
}
