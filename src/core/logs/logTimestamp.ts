/** Header timestamp pieces → epoch milliseconds. Zone-less timestamps are read as UTC so results are reproducible. */

const monthIndex: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

const monthExact = new Map(Object.entries(monthIndex).map(([name, index]) => [name[0].toUpperCase() + name.slice(1), index]));

/** 0-based month from an English abbreviation (`Nov`), or -1. */
export function monthFromName(name: string): number {
  // Headers print `Nov`: try the name as it is before lower-casing a copy.
  return monthExact.get(name) ?? monthIndex[name.slice(0, 3).toLowerCase()] ?? -1;
}

/** Milliseconds from a fraction string of any precision (`3` → 300, `675872` → 675). */
export function fractionToMs(fraction: string | undefined): number {
  if (!fraction) return 0;
  const digits = (fraction + '00').slice(0, 3);
  return Number(digits);
}

/** Offset in minutes from `Z`, `+02:00`, `-0500`; 0 when absent. */
export function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.charCodeAt(0) === 45 ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** Epoch ms from calendar fields; NaN-safe: returns undefined for impossible dates. */
export function toEpochMs(
  year: number,
  month0: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms = 0,
  offsetMinutes = 0,
): number | undefined {
  if (month0 < 0 || month0 > 11 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 61) return undefined;
  let value: number;
  if ((hour | 0) === hour && (minute | 0) === minute && (second | 0) === second && (ms | 0) === ms && dayStart(year, month0, day)) {
    // Date.UTC's MakeTime and MakeDate are exact integer sums here, and the day is far from the time-value limit.
    value = lastDayMs + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offsetMinutes * 60_000;
  } else value = Date.UTC(year, month0, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return Number.isFinite(value) ? value : undefined;
}

// Consecutive lines share their date: Date.UTC of the last day seen, kept so a line only adds its time of day.
let lastYear = NaN;
let lastMonth0 = NaN;
let lastDay = NaN;
let lastDayMs = NaN;

/** Sets lastDayMs to Date.UTC(year, month0, day); false when that is not a safely finite day. */
function dayStart(year: number, month0: number, day: number): boolean {
  if (year !== lastYear || month0 !== lastMonth0 || day !== lastDay) {
    lastDayMs = Date.UTC(year, month0, day);
    lastYear = year;
    lastMonth0 = month0;
    lastDay = day;
  }
  return Math.abs(lastDayMs) < 8.6e15;
}

/** Two-digit years (`081109`, `17/06/09`) pivot at 70 like strptime's %y. */
export function expandYear(twoDigits: number): number {
  return twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits;
}

/** Epoch seconds or milliseconds (by magnitude) to ms; undefined outside 1990–2100. */
export function epochToMs(text: string): number | undefined {
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  const ms = value < 1e11 ? value * 1000 : value < 1e14 ? value : value / 1000;
  return ms >= 631152000000 && ms <= 4102444800000 ? Math.round(ms) : undefined;
}

/** Parses a standalone timestamp string of the common kinds (ISO-8601, epoch, CLF); undefined when unrecognised. */
export function parseTimestampText(text: string, referenceYear: number): number | undefined {
  const iso = isoTimestampFast(text);
  if (iso !== undefined) return iso;
  let m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (m) return toEpochMs(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], fractionToMs(m[7]), zoneOffsetMinutes(m[8]));
  if (/^\d{9,16}(?:\.\d+)?$/.test(text)) return epochToMs(text);
  m = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})$/.exec(text);
  if (m) return toEpochMs(+m[3], monthFromName(m[2]), +m[1], +m[4], +m[5], +m[6], 0, zoneOffsetMinutes(m[7]));
  m = /^([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (m) return toEpochMs(referenceYear, monthFromName(m[1]), +m[2], +m[3], +m[4], +m[5]);
  return undefined;
}

function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Two ASCII digits at i as a number, or -1. */
function twoDigitsAt(text: string, i: number): number {
  const a = digitAt(text, i);
  const b = digitAt(text, i + 1);
  return a >= 0 && b >= 0 ? a * 10 + b : -1;
}

/** fractionToMs of the digits text[start, end) (at least one), without the substring. */
export function fractionDigitsToMs(text: string, start: number, end: number): number {
  let ms = (text.charCodeAt(start) - 48) * 100;
  if (end > start + 1) ms += (text.charCodeAt(start + 1) - 48) * 10;
  if (end > start + 2) ms += text.charCodeAt(start + 2) - 48;
  return ms;
}

/**
 * parseTimestampText's first pattern in its common forms (`2026-11-20T10:05:11.332Z`, `2026-11-20 10:05:11`) read
 * digit by digit; undefined (not "no timestamp") for every other text, which then goes through the regex.
 */
function isoTimestampFast(text: string): number | undefined {
  const n = text.length;
  if (n < 19 || n > 40) return undefined;
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 116 && sep !== 32)) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const y1 = twoDigitsAt(text, 0);
  const y2 = twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  const second = twoDigitsAt(text, 17);
  if (y1 < 0 || y2 < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let i = 19;
  let ms = 0;
  const dot = text.charCodeAt(i);
  if (dot === 46 || dot === 44) {
    let end = i + 1;
    while (digitAt(text, end) >= 0) end++;
    if (end === i + 1) return undefined;
    ms = fractionDigitsToMs(text, i + 1, end);
    i = end;
  }
  let offset = 0;
  if (i < n) {
    const zone = text.charCodeAt(i);
    if (zone === 43 || zone === 45) {
      // `+hh:mm` or `+hhmm` ending the text; zoneOffsetMinutes gives sign * (hh * 60 + mm), -0 for `-00:00` too.
      const colon = text.charCodeAt(i + 3) === 58 ? 1 : 0;
      const zoneHours = twoDigitsAt(text, i + 1);
      const zoneMinutes = twoDigitsAt(text, i + 3 + colon);
      if (zoneHours < 0 || zoneMinutes < 0 || i + 5 + colon !== n) return undefined;
      offset = (zone === 45 ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
    } else if (i + 1 !== n || (zone !== 90 && zone !== 122)) return undefined;
  }
  return toEpochMs(y1 * 100 + y2, month - 1, day, hour, minute, second, ms, offset);
}
