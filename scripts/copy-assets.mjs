// Copies the non-TypeScript files the service reads at run time into dist/.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'

for (const file of ['model/weights.json', 'http/seed-thread.json', 'lexicons/current-model-phrases.json', 'lexicons/word-preferences.json']) {
  mkdirSync(new URL(`../dist/${file.split('/')[0]}/`, import.meta.url), { recursive: true })
  copyFileSync(new URL(`../src/${file}`, import.meta.url), new URL(`../dist/${file}`, import.meta.url))
}

// The playground's static files (src/http/public/: page, script, styles), served by routes/playground.ts.
mkdirSync(new URL('../dist/http/public/', import.meta.url), { recursive: true })
for (const file of readdirSync(new URL('../src/http/public/', import.meta.url))) {
  copyFileSync(new URL(`../src/http/public/${file}`, import.meta.url), new URL(`../dist/http/public/${file}`, import.meta.url))
}
