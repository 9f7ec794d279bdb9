import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { timeWindow, today } from '../../src/db/filters.js';
import { dateBound, isDay, isPartialDate } from '../../src/model/validate.js';
import { refusal } from './helpers.js';

describe('isPartialDate', () => {
  it.each(['2019', '2019-08', '2019-08-01', '2020-02-29', '1949-10-01', '2019-12-31'])('accepts %s', (value) => {
    expect(isPartialDate(value)).toBe(true);
  });

  it.each([
    '19',
    '2019-8',
    '2019-13',
    '2019-00',
    '2019-08-1',
    '2019-08-32',
    '2019-08-00',
    '2019/08/01',
    ' 2019',
    '2019-08-01T00:00',
    '2019-',
    '',
    "2019' OR 1=1",
    '2019-02-31',
    '2019-02-29',
    '1900-02-29',
    '2019-04-31',
    '2019-06-31',
    '2019-09-31',
    '2019-11-31',
  ])('refuses %j', (value) => {
    expect(isPartialDate(value)).toBe(false);
  });
});

describe('isDay', () => {
  it('takes whole days the calendar has, and nothing shorter', () => {
    expect(['2020-04-23', '2020-02-29', '2000-02-29'].map(isDay)).toEqual([true, true, true]);
    expect(['2020-04', '2020', '2019-02-29', '2020-04-31', 20200423].map(isDay)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('agrees with the calendar on every day of four years', () => {
    for (const year of [1900, 2000, 2019, 2020]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const text = `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const date = new Date(Date.UTC(year, month - 1, day));
          expect(isDay(text), text).toBe(date.getUTCMonth() === month - 1);
        }
      }
    }
  });
});

describe('dateBound', () => {
  it.each([
    ['2019', '2019-01-01', '2019-12-31'],
    ['2019-08', '2019-08-01', '2019-08-31'],
    ['2019-09', '2019-09-01', '2019-09-30'],
    ['2019-02', '2019-02-01', '2019-02-28'],
    ['2020-02', '2020-02-01', '2020-02-29'],
    ['1900-02', '1900-02-01', '1900-02-28'],
    ['2000-02', '2000-02-01', '2000-02-29'],
    ['2019-08-15', '2019-08-15', '2019-08-15'],
  ])('%s spans %s to %s', (value, start, end) => {
    expect(dateBound(value, 'start')).toBe(start);
    expect(dateBound(value, 'end')).toBe(end);
  });

  it('gives, for any valid day, month or year, a start that is a day of it and an end no earlier', () => {
    const day = fc.date({
      min: new Date('1949-01-01T00:00:00Z'),
      max: new Date('2100-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, fc.constantFrom(4, 7, 10), (date, length) => {
        const value = date.toISOString().slice(0, length);
        const start = dateBound(value, 'start');
        const end = dateBound(value, 'end');
        expect(start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(start.startsWith(value)).toBe(true);
        expect(end.startsWith(value)).toBe(true);
        expect(start <= end).toBe(true);
        // The end is a real day: 2019-02-30 would not survive a round trip through Date.
        const next = new Date(`${end}T00:00:00Z`);
        expect(next.toISOString().slice(0, 10)).toBe(end);
      }),
      { seed: 7 },
    );
  });
});

describe('timeWindow', () => {
  it('is null when neither asOf nor during is given', () => {
    expect(timeWindow(null, null)).toBeNull();
    expect(timeWindow(undefined, undefined)).toBeNull();
  });

  it.each([
    ['2019-08-01', { from: '2019-08-01', to: '2019-08-01' }],
    ['2019-08', { from: '2019-08-01', to: '2019-08-31' }],
    ['2019', { from: '2019-01-01', to: '2019-12-31' }],
    ['2020-02', { from: '2020-02-01', to: '2020-02-29' }],
  ])('takes asOf %s as the window it can mean', (asOf, window) => {
    expect(timeWindow(asOf, null)).toEqual(window);
  });

  it.each([2019, 1949, 2100])('takes during %i as the whole year', (year) => {
    expect(timeWindow(null, year)).toEqual({ from: `${String(year)}-01-01`, to: `${String(year)}-12-31` });
  });

  it('refuses both at once, naming the argument', () => {
    expect(refusal(() => timeWindow('2019', 2019))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'asOf',
      message: 'Give asOf or during, not both',
    });
    expect(refusal(() => timeWindow('2019', 2019, 'stationedAsOf')).argument).toBe('stationedAsOf');
  });

  it.each(['2019-13-01', '2019-8', 'yesterday', '2019-08-01T00:00:00Z', "2019') RETURN 1 //"])(
    'refuses the malformed date %j, quoting it and naming the argument',
    (asOf) => {
      expect(refusal(() => timeWindow(asOf, null, 'stationedAsOf'))).toEqual({
        code: 'BAD_USER_INPUT',
        argument: 'stationedAsOf',
        message: `stationedAsOf must be a date like 2019-08-01 (or 2019-08, 2019), got "${asOf}"`,
      });
    },
  );

  it.each([1948, 2101, 2019.5, -2019])('refuses during %d, which is not a year', (during) => {
    expect(refusal(() => timeWindow(null, during))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'during' });
  });

  it.each(['2019-02-31', '2019-02-29', '2019-04-31'])('refuses asOf %s, a day the calendar does not have', (asOf) => {
    expect(refusal(() => timeWindow(asOf, null))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'asOf' });
  });

  it('never lets a value that is not a partial date through as asOf', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (asOf) => {
        fc.pre(asOf !== '' && !isPartialDate(asOf));
        expect(refusal(() => timeWindow(asOf, null)).code).toBe('BAD_USER_INPUT');
      }),
      { seed: 11 },
    );
  });
});

describe('today', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the current UTC day as a one-day window', () => {
    vi.useFakeTimers({ now: new Date('2020-04-23T23:59:59Z') });
    expect(today()).toEqual({ from: '2020-04-23', to: '2020-04-23' });
    vi.setSystemTime(new Date('2020-04-24T00:00:00Z'));
    expect(today()).toEqual({ from: '2020-04-24', to: '2020-04-24' });
  });
});
