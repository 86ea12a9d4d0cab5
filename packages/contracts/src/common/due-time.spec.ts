import { describe, expect, it } from 'vitest';
import { dueStatus, dueText } from './due-time.js';

/** An instant given as China's wall clock. */
const china = (wall: string) => new Date(`${wall}+08:00`).toISOString();
const DUE = china('2026-12-17T17:09:00');

describe('a deadline in words, from the given clock in the campaign’s time zone', () => {
  it('counts minutes overdue in the first hour (defect 8: not “1 天” one minute after)', () => {
    expect(dueText(DUE, china('2026-12-17T17:09:30'), 'zh-CN')).toBe('已逾期 1 分钟');
    expect(dueText(DUE, china('2026-12-17T17:10:00'), 'zh-CN')).toBe('已逾期 1 分钟');
    expect(dueText(DUE, china('2026-12-17T17:24:00'), 'zh-CN')).toBe('已逾期 15 分钟');
    expect(dueText(DUE, china('2026-12-17T18:08:59'), 'zh-CN')).toBe('已逾期 59 分钟');
  });

  it('counts whole hours from one hour to 24', () => {
    expect(dueText(DUE, china('2026-12-17T18:09:00'), 'zh-CN')).toBe('已逾期 1 小时');
    expect(dueText(DUE, china('2026-12-17T19:09:00'), 'zh-CN')).toBe('已逾期 2 小时');
    expect(dueText(DUE, china('2026-12-18T09:00:00'), 'zh-CN')).toBe('已逾期 15 小时');
    expect(dueText(DUE, china('2026-12-18T17:08:59'), 'zh-CN')).toBe('已逾期 23 小时');
  });

  it('counts days only once 24 hours have passed', () => {
    expect(dueText(DUE, china('2026-12-18T17:09:00'), 'zh-CN')).toBe('已逾期 1 天');
    expect(dueText(DUE, china('2026-12-20T17:08:00'), 'zh-CN')).toBe('已逾期 2 天');
    expect(dueText(DUE, china('2026-12-27T17:09:00'), 'zh-CN')).toBe('已逾期 10 天');
  });

  it('names today or tomorrow with the time, and counts calendar days further ahead', () => {
    expect(dueText(DUE, DUE, 'zh-CN')).toBe('今天 17:09 截止');
    expect(dueText(DUE, china('2026-12-17T00:00:00'), 'zh-CN')).toBe('今天 17:09 截止');
    expect(dueText(DUE, china('2026-12-16T23:59:00'), 'zh-CN')).toBe('明天 17:09 截止');
    expect(dueText(DUE, china('2026-12-16T00:00:00'), 'zh-CN')).toBe('明天 17:09 截止');
    expect(dueText(DUE, china('2026-12-15T23:59:00'), 'zh-CN')).toBe('2 天后（12月17日 17:09）截止');
    expect(dueText(DUE, china('2026-12-01T08:00:00'), 'zh-CN')).toBe('16 天后（12月17日 17:09）截止');
  });

  it('reads the calendar day in China, not on the server (UTC): 01:00 in China is the day before in UTC', () => {
    const morning = china('2026-12-17T01:00:00');
    expect(dueText(china('2026-12-17T09:00:00'), morning, 'zh-CN')).toBe('今天 09:00 截止');
    expect(dueText(china('2026-12-18T07:00:00'), morning, 'zh-CN')).toBe('明天 07:00 截止');
  });

  it('puts a midnight deadline at 24:00 of the day it closes', () => {
    const midnight = china('2026-12-18T00:00:00');
    expect(dueText(midnight, china('2026-12-17T18:00:00'), 'zh-CN')).toBe('今天 24:00 截止');
    expect(dueText(midnight, china('2026-12-16T18:00:00'), 'zh-CN')).toBe('明天 24:00 截止');
    expect(dueText(midnight, china('2026-12-18T00:30:00'), 'zh-CN')).toBe('已逾期 30 分钟');
  });

  it('follows another time zone when given one', () => {
    // 17:09 in Shanghai is 09:09 in UTC: still “today” for a campaign in UTC at 08:00 UTC.
    expect(dueText(DUE, '2026-12-17T08:00:00.000Z', 'zh-CN', 'UTC')).toBe('今天 09:09 截止');
  });

  it('says the same in English', () => {
    expect(dueText(DUE, china('2026-12-17T17:10:00'), 'en')).toBe('1 min overdue');
    expect(dueText(DUE, china('2026-12-17T19:09:00'), 'en')).toBe('2 hours overdue');
    expect(dueText(DUE, china('2026-12-18T18:00:00'), 'en')).toBe('1 day overdue');
    expect(dueText(DUE, china('2026-12-20T18:00:00'), 'en')).toBe('3 days overdue');
    expect(dueText(DUE, china('2026-12-17T09:00:00'), 'en')).toBe('Due today at 17:09');
    expect(dueText(DUE, china('2026-12-16T09:00:00'), 'en')).toBe('Due tomorrow at 17:09');
    expect(dueText(DUE, china('2026-12-14T09:00:00'), 'en')).toBe('Due in 3 days (17/12 17:09)');
  });

  it('gives the status as data for styling', () => {
    expect(dueStatus(DUE, china('2026-12-17T17:24:00'))).toEqual({ kind: 'overdue', unit: 'minute', n: 15 });
    expect(dueStatus(DUE, china('2026-12-17T10:00:00'))).toEqual({ kind: 'today', time: '17:09' });
    expect(dueStatus(DUE, china('2026-12-12T10:00:00'))).toEqual({ kind: 'later', days: 5, date: '12-17', time: '17:09' });
  });
});
