// Helpers of the events plugin's tests (events.test.mjs, events-edit.test.mjs):
// its texts, reading its forms back, and Europe/Helsinki wall time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROOT, sql, t, unique, fieldError } from '../../../tests/http/lib.mjs';

export { fieldError }; // the events tests import it from here

/** Text of an events.* entry, with every {0} filled. */
export function te(lang, key, arg) {
  const xml = readFileSync(`${process.env.VV_BUILD}/share/xsl/i18n/events.${lang}.xml`, 'utf8');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `events.${lang}.xml has ${key}`);
  const s = m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'");
  return arg === undefined ? s : s.replaceAll('{0}', arg);
}
/** A core catalogue text in Finnish with {0} filled. */
export const tc = (key, arg) => t('fi', key).replace('{0}', arg);

const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
export function inputValue(text, id) {
  const tag = text.match(new RegExp(`<(?:input|textarea)[^>]*\\bid="${id}"[^>]*>`));
  assert.ok(tag, `field ${id} on the page`);
  const v = tag[0].match(/\bvalue="([^"]*)"/);
  return v ? unescape(v[1]) : '';
}
export function textareaValue(text, id) {
  const m = text.match(new RegExp(`<textarea[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</textarea>`));
  assert.ok(m, `textarea ${id} on the page`);
  return unescape(m[1]);
}
export function checked(text, id) {
  const tag = text.match(new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`));
  assert.ok(tag, `checkbox ${id} on the page`);
  return /\bchecked\b/.test(tag[0]);
}
export function options(text, id) {
  const sel = text.match(new RegExp(`<select[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</select>`));
  assert.ok(sel, `select ${id} on the page`);
  return [...sel[1].matchAll(/<option value="([^"]*)"( selected)?/g)].map((m) => ({ value: m[1], selected: !!m[2] }));
}
export const selected = (text, id) => (options(text, id).find((o) => o.selected) || {}).value ?? null;

// ---- Time in Europe/Helsinki, computed here: tests cannot set the server clock.
export const TZ = 'Europe/Helsinki';
export const SLOT = 15 * 60 * 1000;
export function local(ms) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}
/** The wall time as a page in lang writes it (datetime.c): fi/sv 6.45, en 06:45. */
export function written(ms, lang) {
  const [h, m] = local(ms).time.split(':');
  return lang === 'en' ? `${h}:${m}` : `${Number(h)}.${m}`;
}
/** Waits out the last seconds before a slot boundary, so the server sees the same "now". */
export async function steadyNow() {
  for (;;) {
    const now = Date.now();
    const left = SLOT - (now % SLOT);
    if (left > 8000 && now % SLOT > 3000) return now;
    await new Promise((r) => setTimeout(r, Math.min(left, 8000) + 3500));
  }
}

export function makeType(tenant, name = unique('Tyyppi')) {
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, '${name}')`);
  return { uuid: sql(`SELECT uuid FROM event_types WHERE tenant_id = ${tenant.id} AND name = '${name}'`), name };
}
export function makeGroup(tenant, name = unique('Ryhmä')) {
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, '${name}')`);
  return { uuid: sql(`SELECT uuid FROM external_groups WHERE tenant_id = ${tenant.id} AND name = '${name}'`), name };
}
export const audits = (tenant, action) =>
  Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${tenant.id} AND action = '${action}'`));

/** The edit form of an event page as [name, value] pairs, as a browser would send it. */
export function formOf(text) {
  const form = text.match(/<form method="post" action="\/\w\w\/ecare\/events\/[0-9a-f-]{36}\/edit"[\s\S]*?<\/form>/);
  assert.ok(form, 'the edit form on the page');
  const attrs = (s) => Object.fromEntries([...s.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((m) => [m[1], m[2] ?? '']));
  const un = (s) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const pairs = [];
  for (const m of form[0].matchAll(/<input\b([^>]*)>/g)) {
    const a = attrs(m[1]);
    if (!a.name || (a.type === 'checkbox' && !('checked' in a))) continue;
    pairs.push([a.name, un(a.value ?? '')]);
  }
  for (const m of form[0].matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const sel = m[2].match(/<option value="([^"]*)" selected/);
    pairs.push([attrs(m[1]).name, sel ? un(sel[1]) : '']);
  }
  for (const m of form[0].matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) pairs.push([attrs(m[1]).name, un(m[2])]);
  return pairs;
}
/** The body of an edit: the form as filled, with `changes` (a value; an array for lang; true/false for a checkbox). */
export function bodyOf(pairs, changes = {}) {
  const body = new URLSearchParams();
  const seen = new Set();
  for (const [k, v] of pairs) {
    if (!(k in changes)) { body.append(k, v); continue; }
    if (seen.has(k)) continue;
    seen.add(k);
    for (const x of [].concat(changes[k])) if (x !== false) body.append(k, x === true ? '1' : x);
  }
  for (const [k, v] of Object.entries(changes)) {
    if (!seen.has(k)) for (const x of [].concat(v)) if (x !== false) body.append(k, x === true ? '1' : x);
  }
  return body;
}
