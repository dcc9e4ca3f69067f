// Copies the non-TypeScript files the service reads at run time into dist/.
import { copyFileSync, mkdirSync } from 'node:fs'

for (const file of ['model/weights.json', 'http/seed-thread.json']) {
  mkdirSync(new URL(`../dist/${file.split('/')[0]}/`, import.meta.url), { recursive: true })
  copyFileSync(new URL(`../src/${file}`, import.meta.url), new URL(`../dist/${file}`, import.meta.url))
}
