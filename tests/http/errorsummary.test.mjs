// The error summary above a refused form names each field with the words
// of its label on the form ("Nimi: Tämä tieto puuttuu."), in the page's
// language and without JavaScript (issue #17: the message alone does not
// say which field; the names were added by a script before). Fields that
// are a group (the language checkboxes) are named by their legend.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, login, makeTenant, makeUser, csrfOf, t } from './lib.mjs';

let op;
before(() => {
  const A = makeTenant();
  op = makeUser(A, 'operator');
});

/** Text without tags, entities undone, whitespace collapsed. */
const plain = (s) => s.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

/** [href target, summary text] of each link of the page's error summary. */
function summary(text) {
  const box = text.match(/<div class="error-summary"[\s\S]*?<\/ul>/);
  assert.ok(box, 'an error summary');
  return [...box[0].matchAll(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => [m[1], plain(m[2])]);
}

/** The words naming field id on the page: its label, or its group's legend. */
function nameOf(text, id) {
  const label = text.match(new RegExp(`<label for="${id}"[^>]*>([\\s\\S]*?)</label>`));
  if (label) return plain(label[1]).replace(/[:*]$/, '');
  const legend = text.match(new RegExp(`<fieldset[^>]*id="${id}"[^>]*>\\s*<legend>([\\s\\S]*?)</legend>`));
  return legend ? plain(legend[1]) : null;
}

for (const lang of ['fi', 'sv', 'en']) {
  test(`${lang}: an empty event form's summary names every field by its label, with no script`, async () => {
    const c = new Client();
    await login(c, op, lang);
    const csrf = await csrfOf(c, `/${lang}/ecare/events/new`);
    const r = await c.post(`/${lang}/ecare/events/new`, { csrf, lang: '', date: '', time: '' });
    assert.equal(r.status, 422);
    const links = summary(r.text);
    assert.ok(links.length >= 2, JSON.stringify(links));
    for (const [id, words] of links) {
      const name = nameOf(r.text, id);
      assert.ok(name, `field ${id} has a label or legend on the page`);
      assert.ok(words.startsWith(`${name}: `), `"${words}" names ${id} as "${name}"`);
      // The message itself follows the name, as next to the field.
      const beside = plain(r.text.match(new RegExp(`<p class="field-error" id="${id}-error">([\\s\\S]*?)</p>`))[1]
        .replace(/<span class="visually-hidden">[^<]*<\/span>/, ''));
      assert.equal(words, `${name}: ${beside}`);
    }
    // The language group is named by its legend.
    const lg = links.find(([id]) => id === 'lang');
    assert.ok(lg, 'the language group is in the summary');
    assert.ok(lg[1].startsWith(`${t(lang, 'ev.language')}: `), lg[1]);
  });
}

test('a page without errors has no summary and keeps its content', async () => {
  const c = new Client();
  await login(c, op, 'fi');
  const r = await c.req('/fi/ecare/events/new');
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes('class="error-summary"'));
  assert.match(r.text, /<form method="post"/);
});
