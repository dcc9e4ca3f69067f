/**
 * `npm run openapi`: write the OpenAPI document of the running app to openapi/openapi.json.
 * test/openapi.test.ts fails when the committed file drifts from the app.
 */
import { writeFileSync } from 'node:fs'
import { buildApp } from '../src/http/app.js'

async function openapiDocument(): Promise<string> {
  const app = await buildApp()
  await app.ready()
  const doc = JSON.stringify(app.swagger(), null, 2) + '\n'
  await app.close()
  return doc
}

const out = new URL('../openapi/openapi.json', import.meta.url)
writeFileSync(out, await openapiDocument())
process.stderr.write(`wrote ${out.pathname}\n`)
