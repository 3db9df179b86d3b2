// duckdb-agree.js — shows that duckdb-check.sql does the work specaudit check does,
// by comparing its figures with check's JSON report of the same referrals file.
//   node duckdb-agree.js DUCKDB_OUTPUT CHECK_JSON
// Compared, per requirement, provider and period: numerator, denominator and unknown
// of every requirement (a figure the SQL has no row for is 0: a period with no rows); the referrals' row count and that neither found a bad cell; B-4's and B-5's
// median and 90th percentile, which check reports from its histogram past 2 048 cases
// (never above the exact value, at most 1/128 below it: specs/README.md, response_time).
// Prints "agree: N figures" and exits 0, or each difference and exits 1.
const fs = require('fs');

const [duckFile, checkFile] = process.argv.slice(2);
const report = JSON.parse(fs.readFileSync(checkFile, 'utf8'));
const sql = { figures: new Map(), percentiles: new Map(), validation: null };
for (const line of fs.readFileSync(duckFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const row = JSON.parse(line);
  const f = JSON.parse(row.figures);
  if (row.kind === 'validation') sql.validation = f;
  else if (row.kind === 'figure') sql.figures.set(`${f.req} ${f.provider} ${f.period}`, f);
  else sql.percentiles.set(`${f.req} ${f.provider}`, f);
}

const differences = [];
let compared = 0;
function same(what, ours, theirs) {
  compared++;
  if (ours !== theirs) differences.push(`${what}: check ${ours}, SQL ${theirs}`);
}
function within(what, ours, exact) {
  compared++;
  if (exact === undefined || ours > exact || ours < exact * (1 - 1 / 128) - 1e-9)
    differences.push(`${what}: check ${ours}, SQL ${exact} (exact)`);
}

const FIGURES = ['B-1', 'B-2', 'B-3', 'B-4', 'B-5', 'B-6', 'B-7', 'B-8', 'B-9', 'B-10'];
const PERCENTILES = { 'B-4': ['median_minutes', 'p90_minutes'], 'B-5': ['median_working_days', 'p90_working_days'] };
for (const r of report.results) {
  const id = r.requirement_id;
  const provider = r.provider ? r.provider.code : null;
  if (!FIGURES.includes(id) || !provider) continue;
  for (const p of r.periods) {
    const f = sql.figures.get(`${id} ${provider} ${p.from}`) || { numerator: 0, denominator: 0, unknown: 0 };
    const what = `${id} ${provider} ${p.from}`;
    same(`${what} numerator`, p.numerator, f.numerator);
    same(`${what} unknown`, p.unknown, f.unknown);
    // a missing month's return is expected all the same: check's denominator is 1
    if (id !== 'B-10') same(`${what} denominator`, p.denominator, f.denominator);
  }
  const names = PERCENTILES[id];
  if (names) {
    const metric = (name) => (r.metrics.find((m) => m.name === name) || {}).value;
    const exact = sql.percentiles.get(`${id} ${provider}`) || {};
    within(`${id} ${provider} ${names[0]}`, metric(names[0]), exact.median);
    within(`${id} ${provider} ${names[1]}`, metric(names[1]), exact.p90);
  }
}
const input = report.inputs.find((i) => i.dataset === 'referrals');
const v = sql.validation;
same('referrals rows', input.rows, v.rows);
const sqlBad = Object.entries(v).filter(([k]) => k !== 'rows').reduce((n, [, x]) => n + x, 0);
same('referrals with a bad cell (none or some)', input.bad_rows > 0, sqlBad > 0);

if (differences.length) {
  console.log(`disagree: ${differences.length} of ${compared} figures`);
  for (const d of differences.slice(0, 40)) console.log(`  ${d}`);
  process.exit(1);
}
console.log(`agree: ${compared} figures`);
