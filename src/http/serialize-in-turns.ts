/**
 * A large answer (a batch, a thread) serialised in turns: each item encoded by its zod schema and
 * written as JSON, exactly what the route's serializer does to the whole answer (a test compares
 * the bytes), with a turn of the event loop every few milliseconds. Encoding a 5 MB answer at once
 * held the event loop for about 100 ms, and /healthz with it.
 */
import { z } from 'zod'
import { turns } from '../scoring/engine.js'

/** What the route's zod serializer writes for `data`: encoded by the schema (so checked), then JSON. */
export function encodeJson<T>(schema: z.ZodType<T>, data: T): string {
  const result = z.safeEncode(schema, data)
  if (!result.success) throw new Error(`the answer does not match its schema: ${result.error.message}`)
  return JSON.stringify(result.data)
}

/**
 * `encodeJson` of an object answer, its array fields item by item, with a turn of the event loop
 * every few milliseconds: the same bytes (keys in the schema's order, as zod's encoding writes them;
 * unknown keys and undefined values left out).
 */
export async function encodeJsonInTurns<S extends z.ZodObject>(schema: S, data: z.output<S>): Promise<string> {
  const turn = turns()
  const fields: string[] = []
  for (const [key, field] of Object.entries(schema.shape) as Array<[string, z.ZodType]>) {
    const value = (data as Record<string, unknown>)[key]
    if (value === undefined) continue
    let json: string
    if (field instanceof z.ZodArray && Array.isArray(value)) {
      const items: string[] = []
      for (const item of value) {
        await turn()
        items.push(encodeJson(field.element as z.ZodType, item))
      }
      json = `[${items.join(',')}]`
    } else {
      await turn()
      json = encodeJson(field, value)
    }
    fields.push(`${JSON.stringify(key)}:${json}`)
  }
  return `{${fields.join(',')}}`
}
