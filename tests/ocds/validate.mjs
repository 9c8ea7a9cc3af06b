// Validates an OCDS 1.1 release package (a URL or a file) against the schema
// fixtures in tests/fixtures/ocds with ajv 6 (JSON Schema draft-04).
// Usage: node tests/ocds/validate.mjs URL_OR_FILE...   exit 1 on any invalid package.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(join(here, '../../web/package.json'))
const Ajv = require('ajv')
const fixtures = join(here, '../fixtures/ocds')
const load = (name) => JSON.parse(readFileSync(join(fixtures, name), 'utf8'))

const draft04 = require('ajv/lib/refs/json-schema-draft-04.json')
const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: true, format: 'full' })
ajv.addMetaSchema(draft04)
ajv._opts.defaultMeta = draft04.id
ajv.addSchema(load('release-schema.json'))
const validate = ajv.compile(load('release-package-schema.json'))

async function read(src) {
  if (/^https?:\/\//.test(src)) {
    const res = await fetch(src)
    if (!res.ok) throw new Error(`${src}: HTTP ${res.status}`)
    return res.json()
  }
  return JSON.parse(readFileSync(src, 'utf8'))
}

const sources = process.argv.slice(2)
if (sources.length === 0) {
  console.error('usage: node tests/ocds/validate.mjs URL_OR_FILE...')
  process.exit(2)
}
let passed = 0
let failed = 0
for (const src of sources) {
  const pkg = await read(src)
  if (validate(pkg)) {
    passed++
    console.log(`ok: ${src} (${pkg.releases.length} releases)`)
  } else {
    failed++
    console.log(`INVALID: ${src}`)
    for (const e of validate.errors) console.log(`  ${e.dataPath || '/'} ${e.message}`)
  }
}
console.log(`ocds: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
