// The real server for the JavaScript tests: `target/debug/dossier serve` on a fresh SQLite
// database in a temporary directory, on a free loopback port; examples made valid today; the
// stored dossiers counted through the project's own backup command.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, example } from './corpus.mjs';

/** The binary under test: the debug build of the tests, or DOSSIER_BIN (benchmarks: release). */
export const dossierBin = process.env.DOSSIER_BIN ?? join(root, 'target', 'debug', 'dossier');

/** Starts a server; resolves to { base, db, work, stop }. */
export async function startServer(name, extraArgs = []) {
  const work = mkdtempSync(join(tmpdir(), `dossier-${name}-`));
  const db = `sqlite://${join(work, `${name}.db`)}`;
  const child = spawn(dossierBin, ['serve', '--addr', '127.0.0.1:0', '--db', db, '--www', join(root, 'www'), ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s')), 20000);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      const m = /serving on (http:\/\/[^/\s]+)/.exec(String(chunk));
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  return { base, db, work, stop: () => child.kill('SIGTERM') };
}

/** How many dossiers `db` holds (read from a consistent backup, as an operator would). */
export function countDossiers(db, work) {
  const out = join(work, `count-${Date.now()}-${Math.random().toString(16).slice(2)}.gz`);
  const r = spawnSync(dossierBin, ['backup', '--db', db, '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dossier backup failed: ${r.stderr}`);
  const m = / dossiers (\d+),/.exec(r.stderr);
  if (!m) throw new Error(`no dossier count in: ${r.stderr}`);
  return Number(m[1]);
}

export const todayVN = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
export const days = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / 86400e3);
export const addDays = (d, n) => new Date(Date.parse(d) + n * 86400e3).toISOString().slice(0, 10);

/** An example valid today: its dates keep their distance from 2026-11-22. */
export function current(kind) {
  const d = example(kind);
  const n = Math.max(0, days('2026-11-22', todayVN()));
  const shift = (o, k) => { if (o?.[k]) o[k] = addDays(o[k], n); };
  if (kind === 'conference_permit') {
    shift(d.conference, 'startDate'); shift(d.conference, 'endDate');
    d.conference.agenda.forEach((a) => shift(a, 'date'));
  } else if (kind === 'outbound_trip') {
    shift(d.trip, 'departureDate'); shift(d.trip, 'returnDate');
    d.trip.itinerary.forEach((s) => { shift(s, 'arrive'); shift(s, 'leave'); });
    d.trip.members.forEach((m) => shift(m.passport, 'expiresOn'));
  }
  return d;
}
