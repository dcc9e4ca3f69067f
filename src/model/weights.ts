/**
 * The fitted model: a logistic regression over signal values, written by `npm run fit` to
 * weights.json beside this file and loaded by the service and the CLI.
 */
import { readFileSync } from 'node:fs'
import { ModelSchema, type Model } from '../engine/model.js'

export { ModelSchema, SignalWeightSchema, type Model, type SignalWeight } from '../engine/model.js'

export const WEIGHTS_URL = new URL('./weights.json', import.meta.url)

/** Load and validate a weights file (the committed one by default). */
export function loadModel(url: URL | string = WEIGHTS_URL): Model {
  return ModelSchema.parse(JSON.parse(readFileSync(url, 'utf8')))
}
