/**
 * Security identifiers (REFERENCE.md §9): CUSIP, ISIN and SEDOL check digits, and the key two
 * records must share to be compared. A US or CA ISIN is keyed by the CUSIP inside it, so a
 * statement in ISINs reconciles against books in CUSIPs.
 */

export type SecurityIdKind = "cusip" | "isin" | "sedol" | "other";

/** CUSIP character values: digits as is, A=10 … Z=35, * = 36, @ = 37, # = 38. */
function cusipCharValue(char: string): number | null {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (char === "*") return 36;
  if (char === "@") return 37;
  if (char === "#") return 38;
  return null;
}

/** The check digit of the first 8 characters of a CUSIP, or null if a character is not allowed. */
export function cusipCheckDigit(first8: string): number | null {
  if (first8.length !== 8) return null;
  let total = 0;
  for (let i = 0; i < 8; i++) {
    let value = cusipCharValue(first8[i]!);
    if (value === null) return null;
    if (i % 2 === 1) value *= 2;
    total += Math.floor(value / 10) + (value % 10);
  }
  return (10 - (total % 10)) % 10;
}

export function isValidCusip(text: string): boolean {
  if (!/^[0-9A-Z*@#]{8}[0-9]$/.test(text)) return false;
  return cusipCheckDigit(text.slice(0, 8)) === Number(text[8]);
}

/** The ISIN check digit of the first 11 characters (Luhn over letters expanded to numbers). */
export function isinCheckDigit(first11: string): number | null {
  if (!/^[A-Z]{2}[0-9A-Z]{9}$/.test(first11)) return null;
  let digits = "";
  for (const char of first11) {
    const code = char.charCodeAt(0);
    digits += code >= 65 ? String(code - 55) : char;
  }
  let total = 0;
  let double = true; // the rightmost digit of the payload is doubled, as the check digit follows it
  for (let i = digits.length - 1; i >= 0; i--) {
    let value = Number(digits[i]);
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    total += value;
    double = !double;
  }
  return (10 - (total % 10)) % 10;
}

export function isValidIsin(text: string): boolean {
  if (!/^[A-Z]{2}[0-9A-Z]{9}[0-9]$/.test(text)) return false;
  return isinCheckDigit(text.slice(0, 11)) === Number(text[11]);
}

/** ISIN of a CUSIP for a country whose national number is the CUSIP (US, CA). */
export function isinFromCusip(cusip: string, country: "US" | "CA" = "US"): string {
  const check = isinCheckDigit(country + cusip);
  if (check === null) throw new RangeError(`not a CUSIP: ${cusip}`);
  return `${country}${cusip}${check}`;
}

const SEDOL_WEIGHTS = [1, 3, 1, 7, 3, 9] as const;

/** SEDOL check digit of the first 6 characters (letters are 9 + position; vowels never used). */
export function sedolCheckDigit(first6: string): number | null {
  if (!/^[0-9B-DF-HJ-NP-TV-Z]{6}$/.test(first6)) return null;
  let total = 0;
  for (let i = 0; i < 6; i++) {
    const code = first6.charCodeAt(i);
    const value = code >= 65 ? code - 55 : code - 48;
    total += value * SEDOL_WEIGHTS[i]!;
  }
  return (10 - (total % 10)) % 10;
}

export function isValidSedol(text: string): boolean {
  if (!/^[0-9B-DF-HJ-NP-TV-Z]{6}[0-9]$/.test(text)) return false;
  return sedolCheckDigit(text.slice(0, 6)) === Number(text[6]);
}

export type SecurityIdResult =
  | {
      readonly ok: true;
      /** What records are matched on: the CUSIP for CUSIPs and US/CA ISINs, else the id itself. */
      readonly key: string;
      readonly kind: SecurityIdKind;
      /** The identifier as cleaned up (trimmed, upper case). */
      readonly id: string;
    }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly hint: string;
    };

/**
 * Classifies an identifier written as text. Something shaped like a CUSIP or an ISIN must carry
 * a valid check digit: a wrong one is an error, never a silent mismatch. Anything else (a ticker,
 * an internal number) is kept as an `other` id and matched as written.
 */
export function classifySecurityId(raw: string): SecurityIdResult {
  const id = raw.trim().toUpperCase();
  if (id === "") {
    return {
      ok: false,
      code: "security_id_is_required",
      message: "The security identifier is empty.",
      hint: "Enter the CUSIP or ISIN of the position, or delete the row if it is not a position.",
    };
  }
  if (/^[A-Z]{2}[0-9A-Z]{9}[0-9]$/.test(id) && /[A-Z]{2}/.test(id.slice(0, 2))) {
    if (!isValidIsin(id)) {
      return {
        ok: false,
        code: "isin_check_digit_must_match",
        message: `"${id}" looks like an ISIN but its check digit should be ${isinCheckDigit(id.slice(0, 11))}.`,
        hint: "Check the identifier against the statement or the security master; a digit may be mistyped.",
      };
    }
    const country = id.slice(0, 2);
    if (country === "US" || country === "CA") {
      const cusip = id.slice(2, 11);
      if (!isValidCusip(cusip)) {
        return {
          ok: false,
          code: "isin_must_contain_a_valid_cusip",
          message: `"${id}" is a ${country} ISIN but the CUSIP inside it, ${cusip}, has a wrong check digit.`,
          hint: "Check the identifier against the issuer's records or the security master.",
        };
      }
      return { ok: true, key: cusip, kind: "isin", id };
    }
    return { ok: true, key: id, kind: "isin", id };
  }
  if (/^[0-9A-Z*@#]{8}[0-9]$/.test(id) && /[0-9]/.test(id.slice(0, 3))) {
    if (!isValidCusip(id)) {
      return {
        ok: false,
        code: "cusip_check_digit_must_match",
        message: `"${id}" looks like a CUSIP but its check digit should be ${cusipCheckDigit(id.slice(0, 8))}.`,
        hint: "Check the CUSIP against the statement or the security master; a character may be mistyped or lost.",
      };
    }
    return { ok: true, key: id, kind: "cusip", id };
  }
  if (isValidSedol(id)) return { ok: true, key: `SEDOL:${id}`, kind: "sedol", id };
  if (!/^[0-9A-Z.\-/ *@#]{1,40}$/.test(id)) {
    return {
      ok: false,
      code: "security_id_must_be_an_identifier",
      message: `"${raw.trim().slice(0, 60)}" is not a security identifier.`,
      hint: "Use a CUSIP, ISIN, SEDOL or symbol; totals and notes belong outside the position rows.",
    };
  }
  return { ok: true, key: id, kind: "other", id };
}
