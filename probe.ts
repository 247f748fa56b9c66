import { buildWorld } from './tests/browser/seed.ts';
const world = await buildWorld();
const s = world.app.sqlite;
console.log(s.pragma('page_count', { simple: true }), s.pragma('freelist_count', { simple: true }), s.pragma('page_size', { simple: true }), s.pragma('journal_mode', { simple: true }));
s.exec('VACUUM');
console.log(s.pragma('page_count', { simple: true }), s.pragma('freelist_count', { simple: true }));
console.log(s.pragma(`max_page_count = ${s.pragma('page_count', { simple: true })}`));
await world.close();
