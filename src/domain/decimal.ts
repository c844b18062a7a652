/**
 * Exact decimal numbers for quantities and money: an integer coefficient (bigint) and a count of
 * decimal places. Never binary floating point: 0.1 + 0.2 is exactly 0.3 here.
 *
 * Values are kept normalised (no trailing zeros in the fraction), so two equal numbers have one
 * representation and `toString` is canonical: "1234.5", "-0.25", "0".
 */

export interface Decimal {
  /** The number is `units / 10^scale`. */
  readonly units: bigint;
  /** Decimal places, 0 or more; never a trailing zero in the fraction once normalised. */
  readonly scale: number;
}

/** More decimal places than any security quantity or amount carries; guards against garbage. */
export const MAX_SCALE = 18;

export const ZERO: Decimal = Object.freeze({ units: 0n, scale: 0 });

const POWERS_OF_TEN: bigint[] = [1n];
function powerOfTen(exponent: number): bigint {
  for (let i = POWERS_OF_TEN.length; i <= exponent; i++) {
    POWERS_OF_TEN.push(POWERS_OF_TEN[i - 1]! * 10n);
  }
  return POWERS_OF_TEN[exponent]!;
}

function normalise(units: bigint, scale: number): Decimal {
  let u = units;
  let s = scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s -= 1;
  }
  return { units: u, scale: s };
}

const PLAIN_DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

/**
 * Parses a plain decimal string: optional sign, digits, optional fraction. No grouping, no
 * exponent, no spaces: callers that accept `1,234.50` or `(1,000)` normalise first.
 * Returns null when the text is not such a number or has more than MAX_SCALE decimals.
 */
export function parseDecimal(text: string): Decimal | null {
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) return null;
  const sign = match[1] ?? match[4] ?? "";
  const whole = match[2] ?? "0";
  const fraction = match[3] ?? match[5] ?? "";
  if (fraction.length > MAX_SCALE) return null;
  const magnitude = BigInt(whole + fraction);
  return normalise(sign === "-" ? -magnitude : magnitude, fraction.length);
}

/**
 * Converts a number that arrived from Excel (an IEEE double) to the decimal a person sees: the
 * shortest string that round-trips to the same double (what JavaScript's `String` gives), then
 * parsed exactly. So a cell showing 0.3 becomes exactly 0.3, not 0.299999999999999988898.
 * Returns null for NaN, infinities and values whose shortest form needs more than MAX_SCALE places.
 */
export function decimalFromNumber(value: number): Decimal | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  const exponentMatch = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exponentMatch) return parseDecimal(text);
  const [, sign = "", whole = "", fraction = "", exponentText = "0"] = exponentMatch;
  const digits = whole + fraction;
  const exponent = Number(exponentText) - fraction.length;
  const magnitude = BigInt(digits);
  if (exponent >= 0) {
    const units = magnitude * powerOfTen(exponent);
    return { units: sign === "-" ? -units : units, scale: 0 };
  }
  if (-exponent > MAX_SCALE) return null;
  return normalise(sign === "-" ? -magnitude : magnitude, -exponent);
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  if (a.scale > b.scale) return [a.units, b.units * powerOfTen(a.scale - b.scale), a.scale];
  return [a.units * powerOfTen(b.scale - a.scale), b.units, b.scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalise(x + y, scale);
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalise(x - y, scale);
}

/** a × 10^exponent, exactly (exponent ≥ 0): 5 thousand is 5 × 10^3. */
export function multiplyByPowerOfTen(a: Decimal, exponent: number): Decimal {
  if (!Number.isInteger(exponent) || exponent < 0) throw new RangeError(`bad exponent ${exponent}`);
  if (exponent <= a.scale) return normalise(a.units, a.scale - exponent);
  return { units: a.units * powerOfTen(exponent - a.scale), scale: 0 };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return normalise(a.units * b.units, a.scale + b.scale);
}

/** Rounds half away from zero to `places` decimals: money shown and summed in cents. */
export function roundHalfUp(a: Decimal, places: number): Decimal {
  if (a.scale <= places) return a;
  const divisor = powerOfTen(a.scale - places);
  const magnitude = a.units < 0n ? -a.units : a.units;
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return normalise(a.units < 0n ? -quotient : quotient, places);
}

export function negate(a: Decimal): Decimal {
  return a.units === 0n ? ZERO : { units: -a.units, scale: a.scale };
}

export function abs(a: Decimal): Decimal {
  return a.units < 0n ? negate(a) : a;
}

/** -1, 0 or 1. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function equals(a: Decimal, b: Decimal): boolean {
  return compare(a, b) === 0;
}

export function isZero(a: Decimal): boolean {
  return a.units === 0n;
}

export function sign(a: Decimal): -1 | 0 | 1 {
  return a.units < 0n ? -1 : a.units > 0n ? 1 : 0;
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = add(total, value);
  return total;
}

/** Canonical plain decimal string: "-1234.5", "0.000001", "0". */
export function toDecimalString(a: Decimal): string {
  // Below 2^53 the units are exact as a double, which writes its digits several times faster
  // than a bigint and splits into whole and fraction without a bigint each.
  const n = Number(a.units);
  const magnitude = Math.abs(n);
  if (magnitude <= Number.MAX_SAFE_INTEGER && a.scale <= 15) {
    const sign = n < 0 ? "-" : "";
    if (a.scale === 0) return sign + String(magnitude);
    const power = POWERS_OF_TEN_NUMBER[a.scale]!;
    let whole = Math.floor(magnitude / power);
    let fraction = magnitude - whole * power;
    // the quotient is rounded: it may land one off, which the remainder shows
    if (fraction < 0) {
      whole -= 1;
      fraction += power;
    } else if (fraction >= power) {
      whole += 1;
      fraction -= power;
    }
    return `${sign}${whole}.${String(fraction).padStart(a.scale, "0")}`;
  }
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString();
  if (a.scale === 0) return (negative ? "-" : "") + digits;
  const padded = digits.padStart(a.scale + 1, "0");
  const whole = padded.slice(0, padded.length - a.scale);
  const fraction = padded.slice(padded.length - a.scale);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** "1,234,567.5" with a leading minus for negatives; for people, not for parsing. */
export function formatGrouped(a: Decimal): string {
  const plain = toDecimalString(abs(a));
  const [whole = "0", fraction] = plain.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${a.units < 0n ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** Grouped, with at least `minDecimals` places: money shows cents ("124.50"). */
export function formatGroupedFixed(a: Decimal, minDecimals: number): string {
  const text = formatGrouped(a);
  const dot = text.indexOf(".");
  const decimals = dot < 0 ? 0 : text.length - dot - 1;
  if (decimals >= minDecimals) return text;
  return (dot < 0 ? `${text}.` : text) + "0".repeat(minDecimals - decimals);
}

/**
 * The double Excel should store for this decimal, or null when a double cannot hold it exactly
 * as Excel shows it (more than 15 significant digits): such values are written as text instead.
 */
export function toExcelNumber(a: Decimal): number | null {
  const text = toDecimalString(a);
  const significant = text.replace(/^-/, "").replace(".", "").replace(/^0+/, "");
  if (significant.length > 15) return null;
  const value = Number(text);
  const back = decimalFromNumber(value);
  return back !== null && equals(back, a) ? value : null;
}

/** 10^k as a double, exact for k ≤ 22. */
const POWERS_OF_TEN_NUMBER: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The decimal `units / 10^scale` for an integer `units` held exactly in a double. */
export function decimalFromScaled(units: number, scale: number): Decimal {
  if (!Number.isSafeInteger(units)) throw new RangeError(`units ${units} are not a safe integer`);
  // trailing zeros stripped in the double, exactly (a safe integer), then one bigint: a bigint
  // remainder and quotient per zero showed when millions of sums were read
  let u = units;
  let s = scale;
  for (;;) {
    if (s === 0) break;
    const tenth = Math.floor(u / 10);
    if (u - tenth * 10 !== 0) break;
    u = tenth;
    s--;
  }
  return { units: BigInt(u), scale: s };
}

/**
 * x / 10^xScale + y / 10^yScale as units at scale `high` (≥ both scales), exactly: NaN when a
 * step would not be a safe integer (the caller then takes bigints).
 */
function alignedSum(x: number, xScale: number, y: number, yScale: number, high: number): number {
  const a = x * POWERS_OF_TEN_NUMBER[high - xScale]!;
  const b = y * POWERS_OF_TEN_NUMBER[high - yScale]!;
  const total = a + b;
  return Math.abs(a) <= Number.MAX_SAFE_INTEGER &&
    Math.abs(b) <= Number.MAX_SAFE_INTEGER &&
    Math.abs(total) <= Number.MAX_SAFE_INTEGER
    ? total
    : Number.NaN;
}

/** Marks a slot whose sum has outgrown a double and lives as a bigint Decimal. */
const IN_BIGINT = 255;

/**
 * Many exact running sums, one per slot, without an object per slot: each sum is an integer
 * number of units at a scale, held in a double while it fits in 53 bits, and moved to a bigint
 * Decimal the moment an addition would not be exact. Never a rounded sum: every double
 * operation is checked to stay within Number.MAX_SAFE_INTEGER.
 */
/** `ExactSums` slots as plain data (structured-cloneable: it crosses threads). */
export interface SumsPart {
  readonly units: Float64Array;
  readonly scales: Uint8Array;
  readonly big: ReadonlyMap<number, Decimal>;
}

/** The typed arrays a columnar store is made of. */
export type Column = Float64Array | Int32Array | Uint16Array | Uint8Array;
export type ColumnType<T extends Column> = {
  new (length: number): T;
  new (buffer: ArrayBuffer, offset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
};
/** Makes a zeroed column of `length` elements. */
export type ColumnMaker = <T extends Column>(type: ColumnType<T>, length: number) => T;
const newColumn: ColumnMaker = (type, length) => new type(length);

export class ExactSums {
  private units: Float64Array;
  private scales: Uint8Array;
  private readonly big = new Map<number, Decimal>();

  /** `columns` makes the two arrays (a caller may carve many columns from one buffer). */
  constructor(capacity = 1024, columns: ColumnMaker = newColumn) {
    this.units = columns(Float64Array, capacity);
    this.scales = columns(Uint8Array, capacity);
  }

  get capacity(): number {
    return this.units.length;
  }

  /** Makes room for slots below `size` (new slots are zero). */
  ensure(size: number): void {
    if (size <= this.units.length) return;
    let capacity = Math.max(1, this.units.length);
    while (capacity < size) capacity *= 2;
    const units = new Float64Array(capacity);
    units.set(this.units);
    const scales = new Uint8Array(capacity);
    scales.set(this.scales);
    this.units = units;
    this.scales = scales;
  }

  /** Adds `units / 10^scale` (units a safe integer, scale ≤ MAX_SCALE) to the slot. */
  add(slot: number, units: number, scale: number): void {
    // the common case alone, small enough to be inlined where rows are added
    if (this.scales[slot] === scale) {
      const total = this.units[slot]! + units;
      if (Math.abs(total) <= Number.MAX_SAFE_INTEGER) {
        this.units[slot] = total;
        return;
      }
    }
    this.addOtherwise(slot, units, scale);
  }

  /** `add` when the slot's scale differs from `scale`, or the sum passes 2^53. */
  private addOtherwise(slot: number, units: number, scale: number): void {
    const current = this.units[slot]!;
    const currentScale = this.scales[slot]!;
    if (current === 0 && currentScale < scale) {
      // a zero at a lower scale (a fresh slot): the sum is the addend, at its scale
      this.units[slot] = units;
      this.scales[slot] = scale;
      return;
    }
    if (currentScale !== scale && currentScale !== IN_BIGINT) {
      const high = Math.max(currentScale, scale);
      const total = alignedSum(current, currentScale, units, scale, high);
      if (!Number.isNaN(total)) {
        this.units[slot] = total;
        this.scales[slot] = high;
        return;
      }
    }
    this.addDecimal(slot, decimalFromScaled(units, scale));
  }

  /** Adds any decimal (the slow path: bigint, exact at every size). */
  addDecimal(slot: number, value: Decimal): void {
    const sum = add(this.value(slot), value);
    this.big.set(slot, sum);
    this.scales[slot] = IN_BIGINT;
  }

  value(slot: number): Decimal {
    if (this.scales[slot] === IN_BIGINT) return this.big.get(slot)!;
    return decimalFromScaled(this.units[slot]!, this.scales[slot]!);
  }

  /** Writes zeros over the unused slots [from, to) (a fresh page is best written first). */
  clear(from: number, to: number): void {
    this.units.fill(0, from, to);
    this.scales.fill(0, from, to);
  }

  /** Slots [0, count) as plain data, for `addPart` of a store in another thread. */
  part(count: number): SumsPart {
    const big = new Map<number, Decimal>();
    for (const [slot, value] of this.big) if (slot < count) big.set(slot, value);
    return { units: this.units.subarray(0, count), scales: this.scales.subarray(0, count), big };
  }

  /** Adds slot `from` of `part` to slot `slot`. */
  addPart(slot: number, part: SumsPart, from: number): void {
    const scale = part.scales[from]!;
    if (scale === IN_BIGINT) this.addDecimal(slot, part.big.get(from)!);
    else this.add(slot, part.units[from]!, scale);
  }

  /**
   * The slots below `count` whose sums differ between `a` and `b`, of those whose group
   * (`groupOf[slot]`) is `wanted`; `equalByGroup[group]` counts the equal ones. One small
   * function for the loop over every slot: it runs once per run, over millions of slots, and a
   * small function is optimised after a few thousand of them, where the loop inside a large one
   * ran unoptimised for a tenth of a second.
   */
  static differing(
    a: ExactSums,
    b: ExactSums,
    count: number,
    groupOf: Int32Array,
    wanted: Uint8Array,
    equalByGroup: Int32Array,
  ): number[] {
    const differ: number[] = [];
    const unitsA = a.units;
    const unitsB = b.units;
    const scalesA = a.scales;
    const scalesB = b.scales;
    for (let slot = 0; slot < count; slot++) {
      const group = groupOf[slot]!;
      if (wanted[group] === 0) continue;
      const scale = scalesA[slot]!;
      const scaleB = scalesB[slot]!;
      let equal: boolean;
      if (scale === scaleB && scale !== IN_BIGINT) equal = unitsA[slot] === unitsB[slot];
      else equal = ExactSums.equalAt(a, b, slot);
      if (equal) equalByGroup[group]!++;
      else differ.push(slot);
    }
    return differ;
  }

  /**
   * Whether `a` and `b` hold the same sum at `slot` when their scales differ (a split's rows add
   * up to more decimal places than the other side's one row): in doubles when exact, else in
   * bigints.
   */
  private static equalAt(a: ExactSums, b: ExactSums, slot: number): boolean {
    const scaleA = a.scales[slot]!;
    const scaleB = b.scales[slot]!;
    if (scaleA !== IN_BIGINT && scaleB !== IN_BIGINT) {
      const high = Math.max(scaleA, scaleB);
      const difference = alignedSum(b.units[slot]!, scaleB, -a.units[slot]!, scaleA, high);
      if (!Number.isNaN(difference)) return difference === 0;
    }
    return compare(a.value(slot), b.value(slot)) === 0;
  }

  /**
   * `b`'s sum minus `a`'s at `slot`, exactly: worked out in doubles when both sums are held
   * there and every step stays a safe integer (one bigint made, for the result), else in
   * bigints. The same Decimal `subtract(b.value(slot), a.value(slot))` gives.
   */
  static difference(a: ExactSums, b: ExactSums, slot: number): Decimal {
    const scaleA = a.scales[slot]!;
    const scaleB = b.scales[slot]!;
    if (scaleA !== IN_BIGINT && scaleB !== IN_BIGINT) {
      const high = Math.max(scaleA, scaleB);
      const difference = alignedSum(b.units[slot]!, scaleB, -a.units[slot]!, scaleA, high);
      if (!Number.isNaN(difference)) return decimalFromScaled(difference, high);
    }
    return subtract(b.value(slot), a.value(slot));
  }

  /** True when the slot's sum is zero (no conversion to bigint on the fast path). */
  isZero(slot: number): boolean {
    return this.scales[slot] === IN_BIGINT
      ? this.big.get(slot)!.units === 0n
      : this.units[slot] === 0;
  }
}
