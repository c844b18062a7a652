// The same reconciliation in DuckDB: read both CSVs with exact DECIMAL quantities, aggregate per
// (security, contra), full outer join, write the breaks (difference = statement - books ≠ 0).
// Usage: node duckdbReconcile.mjs BOOKS.csv STATEMENT.csv OUT.csv
//
// DECIMAL(18,6), not (38,6): both are exact, but DuckDB 1.5 reads text into a 128-bit decimal
// about a hundred times slower than into a 64-bit one (13 s against 0.2 s for one 1M-row file
// here), which would make this baseline a straw man. 18 digits hold every generated quantity
// (under 10^12 with 6 places); sum() of a DECIMAL(18,6) is a DECIMAL(38,6), so totals don't overflow.
import { DuckDBInstance } from "@duckdb/node-api";

const [books, statement, out] = process.argv.slice(2);
const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
const quoted = (path) => `'${path.replaceAll("'", "''")}'`;
await connection.run(`
  COPY (
    WITH b AS (
      SELECT CUSIP AS security, upper(trim(Location)) AS contra, sum(Quantity) AS quantity
      FROM read_csv(${quoted(books)}, header = true,
        columns = {'CUSIP': 'VARCHAR', 'Location': 'VARCHAR', 'Quantity': 'DECIMAL(18,6)'})
      GROUP BY ALL),
    s AS (
      SELECT CUSIP AS security, upper(trim(Contra)) AS contra, sum(Quantity) AS quantity
      FROM read_csv(${quoted(statement)}, header = true,
        columns = {'CUSIP': 'VARCHAR', 'Contra': 'VARCHAR', 'Quantity': 'DECIMAL(18,6)'})
      GROUP BY ALL)
    SELECT coalesce(b.security, s.security) AS security, coalesce(b.contra, s.contra) AS contra,
           coalesce(b.quantity, 0) AS books, coalesce(s.quantity, 0) AS statement,
           coalesce(s.quantity, 0) - coalesce(b.quantity, 0) AS difference
    FROM b FULL OUTER JOIN s ON b.security = s.security AND b.contra = s.contra
    WHERE coalesce(s.quantity, 0) - coalesce(b.quantity, 0) <> 0
  ) TO ${quoted(out)} (HEADER, DELIMITER ',')`);
connection.closeSync?.();
