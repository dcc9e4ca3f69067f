import t from 'tap'
import { assignFolds, auroc, fitLogistic, logLoss, predictLogit, seededRandom, sigmoid, solveSpd } from '../../src/model/logistic.js'

t.test('AUROC on hand-computable fixtures', async (t) => {
  t.equal(auroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1)
  t.equal(auroc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0)
  // pairs (pos, neg): (0.4 > 0.1), (0.4 < 0.5), (0.6 > 0.1), (0.6 > 0.5) → 3 of 4
  t.equal(auroc([0.1, 0.4, 0.5, 0.6], [0, 1, 0, 1]), 0.75)
  t.equal(auroc([0.5, 0.5], [0, 1]), 0.5, 'a tie counts one half')
  t.ok(Number.isNaN(auroc([0.1, 0.2], [1, 1])), 'undefined with one class')
})

t.test('linear solve and log-loss', async (t) => {
  const x = solveSpd([[4, 2], [2, 3]], [2, 1])
  t.ok(Math.abs(x[0] - 0.5) < 1e-12 && Math.abs(x[1]) < 1e-12)
  t.ok(Math.abs(logLoss([0.5, 0.5], [0, 1], [1, 1]) - Math.log(2)) < 1e-12)
  t.equal(sigmoid(0), 0.5)
})

t.test('logistic regression recovers a known model and honours the penalty and the mask', async (t) => {
  const rand = seededRandom(7)
  const x: number[][] = []
  const y: number[] = []
  for (let i = 0; i < 4000; i++) {
    const a = rand() * 4 - 2
    const b = rand() * 4 - 2
    x.push([a, b])
    y.push(rand() < sigmoid(0.5 + 2 * a - 1 * b) ? 1 : 0)
  }
  const data = { x, y, w: y.map(() => 1), offset: y.map(() => 0) }
  const fit = fitLogistic(data, 0)
  t.ok(Math.abs(fit.coef[0] - 2) < 0.25, `coef a ${fit.coef[0]}`)
  t.ok(Math.abs(fit.coef[1] + 1) < 0.2, `coef b ${fit.coef[1]}`)
  t.ok(Math.abs(fit.intercept - 0.5) < 0.2, `intercept ${fit.intercept}`)
  const shrunk = fitLogistic(data, 1)
  t.ok(Math.abs(shrunk.coef[0]) < Math.abs(fit.coef[0]), 'L2 shrinks')
  const masked = fitLogistic(data, 0, [true, false])
  t.equal(masked.coef[1], 0, 'an inactive coefficient stays 0')
  t.equal(predictLogit(fit, [0, 0], 1), fit.intercept + 1, 'offset adds to the logit')
})

t.test('folds are deterministic and stratified', async (t) => {
  const groups = [...Array(100).keys()].map((i) => (i < 30 ? 'a' : 'b'))
  const f1 = assignFolds(groups, 5, 1)
  t.same(assignFolds(groups, 5, 1), f1)
  t.notSame(assignFolds(groups, 5, 2), f1)
  for (let k = 0; k < 5; k++) t.equal(f1.filter((f, i) => f === k && groups[i] === 'a').length, 6)
})

t.test('rows of one cluster share a fold', async (t) => {
  const groups = [...Array(60).keys()].map((i) => (i % 2 === 0 ? 'human' : 'ai'))
  const clusters = [...Array(60).keys()].map((i) => `c${Math.floor(i / 3)}`)
  const folds = assignFolds(groups, 5, 3, clusters)
  for (let c = 0; c < 20; c++) t.equal(new Set([folds[3 * c], folds[3 * c + 1], folds[3 * c + 2]]).size, 1, `cluster c${c} in one fold`)
  t.equal(new Set(folds).size, 5, 'all folds used')
})
