/**
 * Deterministic bench data: a stock record and a statement of N positions as CSV. A seeded PRNG
 * (mulberry32) makes every run of the same size byte-identical. Valid CUSIPs (check digits),
 * four locations, equities (whole shares) and bonds (principal with cents), about 1.5 % of keys
 * differing, 0.5 % only in the books, 0.5 % only on the statement, 3 % split over rows.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";

export const LOCATIONS = ["DTC", "FED", "OCC", "EUROCLEAR"] as const;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function cusipCheck(first8: string): number {
  let total = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8.charCodeAt(i);
    let value = c <= 57 ? c - 48 : c - 55;
    if (i % 2 === 1) value *= 2;
    total += Math.floor(value / 10) + (value % 10);
  }
  return (10 - (total % 10)) % 10;
}

/** The i-th security's CUSIP: distinct for every i, a digit first as issuers' numbers have. */
export function cusipOf(index: number): string {
  let rest = index;
  let tail = "";
  for (let i = 0; i < 7; i++) {
    tail = ALPHABET[rest % 36]! + tail;
    rest = Math.floor(rest / 36);
  }
  const first8 = String(rest % 10) + tail;
  return first8 + String(cusipCheck(first8));
}

function quantityText(random: () => number, bond: boolean): string {
  if (!bond) return String(1 + Math.floor(random() * 1_000_000));
  const principal = 1000 * (1 + Math.floor(random() * 50_000));
  const cents = Math.floor(random() * 100);
  return `${principal}.${String(cents).padStart(2, "0")}`;
}

function subtractText(text: string, part: string): string {
  // exact on the cents: both are plain decimals with at most 2 places
  const cents = (t: string) => {
    const [whole, fraction = ""] = t.split(".");
    return BigInt(whole!) * 100n + BigInt((fraction + "00").slice(0, 2));
  };
  const value = cents(text) - cents(part);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / 100n;
  const fraction = magnitude % 100n;
  const body = fraction === 0n ? String(whole) : `${whole}.${String(fraction).padStart(2, "0")}`;
  return (negative ? "-" : "") + body;
}

class Lines {
  private chunk = "";
  constructor(private readonly out: WriteStream) {}
  async add(line: string): Promise<void> {
    this.chunk += line + "\n";
    if (this.chunk.length > 1 << 20) {
      const ok = this.out.write(this.chunk);
      this.chunk = "";
      if (!ok) await new Promise<void>((resolve) => this.out.once("drain", () => resolve()));
    }
  }
  async end(): Promise<void> {
    await new Promise<void>((resolve) => this.out.end(this.chunk, () => resolve()));
  }
}

export interface GeneratedFiles {
  readonly books: string;
  readonly statement: string;
  readonly positions: number;
}

/** Writes books.csv and statement.csv for `positions` keys into `dir`. */
export async function generate(
  dir: string,
  positions: number,
  seed = 4522,
): Promise<GeneratedFiles> {
  mkdirSync(dir, { recursive: true });
  const random = mulberry32(seed ^ positions);
  const books = new Lines(createWriteStream(join(dir, "books.csv")));
  const statement = new Lines(createWriteStream(join(dir, "statement.csv")));
  await books.add("CUSIP,Location,Quantity");
  await statement.add("CUSIP,Contra,Quantity");
  let security = 0;
  let made = 0;
  while (made < positions) {
    const cusip = cusipOf(security++);
    const bond = random() < 0.3;
    const held = 1 + Math.floor(random() * 3);
    const first = Math.floor(random() * LOCATIONS.length);
    for (let l = 0; l < held && made < positions; l++, made++) {
      const location = LOCATIONS[(first + l) % LOCATIONS.length]!;
      const quantity = quantityText(random, bond);
      const roll = random();
      const booksOnly = roll < 0.005;
      const statementOnly = roll >= 0.005 && roll < 0.01;
      const differs = roll >= 0.01 && roll < 0.025;
      if (!statementOnly) {
        if (random() < 0.03) {
          const part = quantityText(random, bond);
          await books.add(`${cusip},${location},${part}`);
          await books.add(`${cusip},${location},${subtractText(quantity, part)}`);
        } else await books.add(`${cusip},${location},${quantity}`);
      }
      if (!booksOnly) {
        const shown = differs
          ? subtractText(quantity, String(1 + Math.floor(random() * 500)))
          : quantity;
        await statement.add(`${cusip},${location},${shown}`);
      }
    }
  }
  await books.end();
  await statement.end();
  return { books: join(dir, "books.csv"), statement: join(dir, "statement.csv"), positions };
}
