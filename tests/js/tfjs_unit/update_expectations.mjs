// Rewrites expected_failures.json from record.json (written by a run with TP_TFJS_UNIT_RECORD=1):
// failures already listed keep their category, new ones get one from the rules below (review them),
// tests that pass now leave the list.   node tests/js/tfjs_unit/update_expectations.mjs
import fs from 'node:fs';

const dir = new URL('.', import.meta.url);
const record = JSON.parse(fs.readFileSync(new URL('record.json', dir), 'utf8'));
const listPath = new URL('expected_failures.json', dir);
const old = JSON.parse(fs.readFileSync(listPath, 'utf8'));

const inProgress = ['acos', 'asin', 'atan', 'acosh', 'asinh', 'atanh', 'cosh', 'sinh', 'atan2', 'cumprod',
  'randomGamma', 'randomStandardNormal', 'randomUniformInt', 'multinomial', 'unsortedSegmentSum',
  'tensorScatterUpdate', 'searchSorted', 'lowerBound', 'upperBound', 'bincount', 'denseBincount', 'unique',
  'confusionMatrix', 'inTopKAsync', 'spaceToBatchND', 'batchToSpaceND', 'einsum'];
const inProgressFile = new RegExp(`^ops/(${inProgress.map((n) => n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join('|')}|dense_bincount|in_top_k)_test\\.js`);

function categorize(id, msg) {
  if (/complex|\breal\b|\bimag\b/i.test(id) || /complex/i.test(msg)) return 'complex dtype';
  if (/string|utf-?8|bytes|encod/i.test(id) || /\bstring\b|'encode'|isString/.test(msg)) return 'string dtype';
  if (/^\[error wording\]/.test(msg)) return 'error wording';
  if (inProgressFile.test(id)) return 'missing op (in progress)';
  const missing = /(?:\.|__)([A-Za-z0-9]+) is not a function/.exec(msg);
  if (missing && inProgress.includes(missing[1])) return 'missing op (in progress)';
  if (/dtype mismatch/.test(msg)) return 'dtype promotion';
  if (/\b(engine|env|enableProdMode|enableDebugMode|time|deprecationWarn|disableDeprecationWarnings)\b is not a function|ENGINE|numDataIds|kernelMs/.test(msg)) return 'TF.js internals';
  return 'unfixed';
}

const next = {};
for (const [id, msg] of Object.entries(record)) next[id] = old[id] ?? categorize(id, msg);
fs.writeFileSync(listPath, `${JSON.stringify(Object.fromEntries(Object.entries(next).sort()), null, 1)}\n`);
const counts = {};
for (const c of Object.values(next)) counts[c] = (counts[c] ?? 0) + 1;
console.log(counts);
