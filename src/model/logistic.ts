/**
 * L2-regularised, weighted logistic regression fitted by Newton's method (IRLS), plus the
 * evaluation helpers the fitting command and `npm run eval` share. Deterministic: no randomness
 * except the seeded generator below, and a fixed iteration order.
 */

export interface Dataset {
  /** Rows of scaled feature values. */
  x: number[][]
  /** 1 for positive (AI-style or templated), 0 for negative. */
  y: number[]
  /** Row weights (each source × label group sums to the same total). */
  w: number[]
  /** Fixed logit offset per row (contributions of prior-weighted signals). */
  offset: number[]
}

export interface Fit {
  intercept: number
  coef: number[]
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/** Solve A x = b for symmetric positive-definite A (Cholesky). */
export function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length
  const l = a.map(() => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j]
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k]
      if (i === j) l[i][i] = Math.sqrt(Math.max(sum, 1e-12))
      else l[i][j] = sum / l[j][j]
    }
  }
  const z = new Array<number>(n).fill(0)
  for (let i = 0; i < n; i++) {
    let sum = b[i]
    for (let k = 0; k < i; k++) sum -= l[i][k] * z[k]
    z[i] = sum / l[i][i]
  }
  const x = new Array<number>(n).fill(0)
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i]
    for (let k = i + 1; k < n; k++) sum -= l[k][i] * x[k]
    x[i] = sum / l[i][i]
  }
  return x
}

/**
 * Minimise Σ wᵢ·logloss(yᵢ, σ(b + offsetᵢ + xᵢ·β)) / Σ wᵢ + λ/2·|β|² (the intercept is not
 * penalised). `active[j] = false` holds coefficient j at 0.
 */
export function fitLogistic(data: Dataset, l2: number, active?: boolean[]): Fit {
  const d = data.x[0].length
  const on = active ?? new Array<boolean>(d).fill(true)
  const idx = [...Array(d).keys()].filter((j) => on[j])
  const m = idx.length + 1 // parameters: intercept then active coefficients
  let beta = new Array<number>(m).fill(0)
  const totalW = data.w.reduce((a, b) => a + b, 0)
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(m).fill(0)
    const hess = Array.from({ length: m }, () => new Array<number>(m).fill(0))
    for (let r = 0; r < data.y.length; r++) {
      const row = data.x[r]
      let z = beta[0] + data.offset[r]
      for (let k = 0; k < idx.length; k++) z += beta[k + 1] * row[idx[k]]
      const p = sigmoid(z)
      const wr = data.w[r] / totalW
      const g = wr * (p - data.y[r])
      const h = wr * Math.max(p * (1 - p), 1e-9)
      const feats = [1, ...idx.map((j) => row[j])]
      for (let a = 0; a < m; a++) {
        grad[a] += g * feats[a]
        for (let b = 0; b <= a; b++) hess[a][b] += h * feats[a] * feats[b]
      }
    }
    for (let a = 1; a < m; a++) {
      grad[a] += l2 * beta[a]
      hess[a][a] += l2
    }
    for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) hess[a][b] = hess[b][a]
    hess[0][0] += 1e-9
    const step = solveSpd(hess, grad)
    beta = beta.map((v, a) => v - step[a])
    if (Math.max(...step.map(Math.abs)) < 1e-10) break
  }
  const coef = new Array<number>(d).fill(0)
  idx.forEach((j, k) => (coef[j] = beta[k + 1]))
  return { intercept: beta[0], coef }
}

export function predictLogit(fit: Fit, x: number[], offset = 0): number {
  let z = fit.intercept + offset
  for (let j = 0; j < x.length; j++) z += fit.coef[j] * x[j]
  return z
}

/** Area under the ROC curve (ties count one half), by ranks: O(n log n). */
export function auroc(scores: number[], labels: number[]): number {
  const order = scores.map((s, i) => [s, labels[i]] as const).sort((a, b) => a[0] - b[0])
  let nPos = 0
  for (const [, l] of order) nPos += l
  const nNeg = order.length - nPos
  if (nPos === 0 || nNeg === 0) return NaN
  let rankSum = 0
  let i = 0
  while (i < order.length) {
    let j = i
    while (j < order.length && order[j][0] === order[i][0]) j++
    const avgRank = (i + 1 + j) / 2
    for (let k = i; k < j; k++) if (order[k][1] === 1) rankSum += avgRank
    i = j
  }
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg)
}

/** Small seeded generator (mulberry32): deterministic folds and bootstrap samples. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Fold number (0..k-1) per row: a seeded shuffle dealt round-robin, stratified by group. Rows that
 * share a cluster (a human text and its rewrites) get one fold, dealt with the group of the
 * cluster's first row, so no model is scored on a rewrite of a text it was fitted on.
 */
export function assignFolds(groups: string[], k: number, seed: number, clusters?: string[]): number[] {
  const rand = seededRandom(seed)
  const key = (i: number) => (clusters ? clusters[i] : String(i))
  const members = new Map<string, number[]>()
  const byGroup = new Map<string, string[]>()
  groups.forEach((g, i) => {
    const c = key(i)
    const rows = members.get(c)
    if (rows) {
      rows.push(i)
      return
    }
    members.set(c, [i])
    const list = byGroup.get(g)
    if (list) list.push(c)
    else byGroup.set(g, [c])
  })
  const folds = new Array<number>(groups.length).fill(0)
  for (const g of [...byGroup.keys()].sort()) {
    const list = byGroup.get(g)!
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[list[i], list[j]] = [list[j], list[i]]
    }
    list.forEach((c, i) => {
      for (const row of members.get(c)!) folds[row] = i % k
    })
  }
  return folds
}

/** Weighted mean log-loss. */
export function logLoss(p: number[], y: number[], w: number[]): number {
  let sum = 0
  let tw = 0
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i], 1e-12), 1 - 1e-12)
    sum -= w[i] * (y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q))
    tw += w[i]
  }
  return sum / tw
}
