// CSV downloads as a spreadsheet reads them (core/render/csv.c): the bytes
// as sent - UTF-8 with its byte order mark, which fetch's text() would
// drop - parsed by RFC 4180, refusing anything a strict reader would.
import assert from 'node:assert/strict';
import { BASE } from './lib.mjs';

/** RFC 4180 records of a CSV text that starts with the byte order mark. */
export function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'starts with the byte order mark');
  const rows = [];
  let row = [], field = '', i = 1, quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    assert.ok(ch !== '\n' && ch !== '\r' && ch !== '"', `a bare ${JSON.stringify(ch)} outside quotes at ${i}`);
    field += ch; i++;
  }
  assert.equal(field, '', 'the last record ends with CRLF');
  assert.equal(row.length, 0);
  return rows;
}

/** GETs path as client (a lib.mjs Client): {status, headers, text, rows};
 * rows only for a 200 (the CSV parsed, byte order mark checked). */
export async function getCsv(client, path) {
  const res = await fetch(BASE + path, { redirect: 'manual', headers: { cookie: client.cookieHeader() } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes);
  const out = { status: res.status, headers: res.headers, text };
  if (res.status === 200) {
    assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    out.rows = parseCsv(text);
  }
  return out;
}
