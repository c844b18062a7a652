/**
 * Plain ISO calendar dates (`"2026-11-30"`), never JS Date objects with their time zones. Excel
 * serial numbers are converted here, at the edge of the domain.
 */

declare const isoDateBrand: unique symbol;
export type IsoDate = string & { readonly [isoDateBrand]: true };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Returns the date if `text` is a real calendar date in YYYY-MM-DD form, else null. */
export function parseIsoDate(text: string): IsoDate | null {
  const match = ISO.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return `${match[1]}-${match[2]}-${match[3]}` as IsoDate;
}

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, proleptic Gregorian). */
export function epochDay(date: IsoDate): number {
  const [y0, m, d] = date.split("-").map(Number) as [number, number, number];
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function fromEpochDay(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` as IsoDate;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(epochDay(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return (((epochDay(date) + 4) % 7) + 7) % 7;
}

/** Excel's 1900 date system: serial 25569 is 1970-01-01 (Excel counts a fictitious 1900-02-29). */
const EXCEL_1900_EPOCH_OFFSET = 25569;

/**
 * The calendar date of an Excel serial in the 1900 date system; the time of day is ignored.
 * Returns null for serials before 1900-03-01 (where Excel's leap-year bug makes them ambiguous)
 * and for non-numbers.
 */
export function isoDateFromExcelSerial(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 61 || serial >= 2958466) return null;
  return fromEpochDay(Math.floor(serial) - EXCEL_1900_EPOCH_OFFSET);
}

export function excelSerialFromIsoDate(date: IsoDate): number {
  return epochDay(date) + EXCEL_1900_EPOCH_OFFSET;
}
