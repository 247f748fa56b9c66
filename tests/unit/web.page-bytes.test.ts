/**
 * sendPage (web/context.ts): a large body is sent as bytes encoded once per
 * body object, within the layout: the same page, byte for byte, as the text.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { encodeInSlices, sendPage } from '../../web/context.ts';
import { html, raw } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { withTurns } from '../support/event-loop.ts';

describe('a large page', () => {
  it('is sent as the layout around its body, in UTF-8, the same each time it is sent', async () => {
    // Over the 256 KB threshold, with accents, typographic apostrophes and an astral character.
    const body = html`<article>${raw('<p>État des lieux · l’« effet 2016 » 🙂</p>\n'.repeat(8_000))}</article>`;
    const app = Fastify();
    app.get('/grand', (request, reply) => sendPage(request, reply, { title: 'État des lieux', body }));
    app.get('/petit', (request, reply) => sendPage(request, reply, { title: 'Petit', body: html`<p>Créteil</p>` }));
    const expected = page({ title: 'État des lieux', body, viewer: null, path: '/grand' });
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ method: 'GET', url: '/grand' });
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.rawPayload.equals(Buffer.from(expected))).toBe(true);
    }
    expect((await app.inject({ method: 'GET', url: '/petit' })).body).toBe(page({ title: 'Petit', body: html`<p>Créteil</p>`, viewer: null, path: '/petit' }));
    await app.close();
  });

  it('is encoded a slice at a time, the event loop free between slices, a character across two slices kept whole', async () => {
    // An astral character (two UTF-16 halves) astride each slice boundary, accents elsewhere.
    const text = ('é'.repeat(128 * 1024 - 1) + '🙂').repeat(5) + 'fin’';
    const { value: bytes, turns } = await withTurns(() => encodeInSlices(text));
    expect(bytes.equals(Buffer.from(text))).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
