/**
 * The shape of a fitted model: a logistic regression over signal values. The engine scores with
 * it; src/model/ fits it, writes it to weights.json and loads it.
 */
import { z } from 'zod'

export const SignalWeightSchema = z.object({
  /** Logit change per unit of `value / scale`. */
  weight: z.number(),
  /** Standard deviation of the value on the fitting data (1 for priors). */
  scale: z.number().positive(),
  /** `fitted`: learnt from dev data; `prior`: set by hand because no dev file can fit it; `dropped`: fitted with the wrong sign, so held at 0. */
  origin: z.enum(['fitted', 'prior', 'dropped']),
  /** Why a prior has its value, or why a signal was dropped. */
  reason: z.string().optional(),
})

export const ModelSchema = z.object({
  version: z.string(),
  createdBy: z.string(),
  /** The dev files fitted on: all rows, the rows reserved for deriving word lists, the rows fitted (the rest are only scored), and a hash. */
  data: z.array(z.object({ file: z.string(), rows: z.number(), reservedRows: z.number(), fittedRows: z.number(), sha256: z.string() })),
  /** Intercept of the score's logit (the aiStyle model's). */
  intercept: z.number(),
  /** Intercept of each dimension's own logit. */
  dimensionIntercepts: z.object({ aiStyle: z.number(), generic: z.number() }),
  l2: z.object({ aiStyle: z.number(), generic: z.number() }),
  weights: z.record(z.string(), SignalWeightSchema),
  thresholds: z.object({
    uncertain: z.number(),
    templated: z.number(),
    rule: z.string(),
  }),
  crossValidation: z.record(z.string(), z.number()),
})

export type Model = z.infer<typeof ModelSchema>
export type SignalWeight = z.infer<typeof SignalWeightSchema>
