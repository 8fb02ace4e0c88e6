// Validates an AsyncAPI document with the official parser (pinned in eng/package.json).
// Usage: node eng/validate-asyncapi.mjs docs/api/asyncapi.json
// Prints every diagnostic; exits 1 when any is an error or a warning, 2 when the file cannot be read.
import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';

const path = process.argv[2];
let text;
try {
  text = await readFile(path, 'utf8');
} catch (error) {
  console.error(`cannot read ${path}: ${error.message}`);
  process.exit(2);
}

const severities = ['error', 'warning', 'information', 'hint'];
const { document, diagnostics } = await new Parser().parse(text, { source: path });
for (const diagnostic of diagnostics) {
  console.log(`${severities[diagnostic.severity]} ${diagnostic.code} at /${diagnostic.path.join('/')}: ${diagnostic.message}`);
}

const failing = diagnostics.filter((diagnostic) => diagnostic.severity <= 1);
console.log(`${document ? 'parsed' : 'not parsed'}; ${failing.length} error(s) or warning(s)`);
process.exit(document && failing.length === 0 ? 0 : 1);
