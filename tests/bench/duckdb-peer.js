// duckdb-peer.js — runs one of the bench's SQL files (duckdb-validate.sql,
// duckdb-kpis.sql) over a CSV file in DuckDB through @duckdb/node-api, and
// prints the result rows as JSON lines. Used by tests/bench/run.
//   node duckdb-peer.js SQL_FILE CSV_FILE [NAME=CSV_FILE ...]
// CSV_FILE replaces $FILE in the SQL, each NAME=CSV_FILE replaces $NAME.
const fs = require('fs');
const { DuckDBInstance } = require('@duckdb/node-api');

async function main() {
  const [sqlFile, csvFile, ...more] = process.argv.slice(2);
  const quoted = (path) => path.replace(/'/g, "''");
  let sql = fs.readFileSync(sqlFile, 'utf8').split('$FILE').join(quoted(csvFile));
  for (const arg of more) {
    const eq = arg.indexOf('=');
    sql = sql.split('$' + arg.slice(0, eq)).join(quoted(arg.slice(eq + 1)));
  }
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(sql);
  for (const row of reader.getRowObjectsJson()) console.log(JSON.stringify(row));
}
main().catch((e) => { console.error(String(e)); process.exit(2); });
