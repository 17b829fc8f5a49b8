import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { close, createHttpServer, listen } from '../../src/server/http-server.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { operationsRoutes } from '../../src/server/operations-routes.ts';
import { ping } from '../../src/storage/database.ts';
import { createStatsFeed, readPublicFigures } from '../../src/web/stats-feed.ts';
import { createTestApp } from '../support/test-app.ts';

describe('open data, metrics and routing on the shared HTTP server', () => {
  let app: App;
  let server: Server;
  let base: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    // Different names: the same name and country from two platforms would be held for review.
    const sign = (userId: string, country: string, platform: string) =>
      app.core.petition.sign({ platform, userId }, { name: { style: 'full', name: `Made Up Person ${userId}` }, country, language: 'en' });
    await sign('1', 'KR', 'telegram');
    await sign('2', 'KR', 'discord');
    await sign('3', 'CA', 'telegram');
    const metrics = createMetrics(app.core, app.deliveries);
    server = createHttpServer(
      [...operationsRoutes(() => ping(app.database.db), app.core, metrics, { feed: createStatsFeed(() => readPublicFigures(app.core), app.clock), clock: app.clock }), { path: '/boom', handler: async () => Promise.reject(new Error('boom')) }],
      (error) => errors.push(error),
    );
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(async () => {
    await close(server);
    await app.close();
  });

  it('serves totals by country, platform and day, and nothing personal', async () => {
    const res = await fetch(`${base}/api/stats.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ total: 3, nations: 2, goal: 10000, byCountry: { KR: 2, CA: 1 }, byPlatform: { telegram: 2, discord: 1 } });
    expect(body.perDay).toEqual([{ day: '2026-11-29', count: 3 }]);
    const text = JSON.stringify(body);
    expect(text).not.toContain('Made Up Person');
    expect(Object.keys(body).sort()).toEqual([
      'addressee', 'byCountry', 'byPlatform', 'campaign', 'closesAt', 'deliveries', 'generatedAt', 'goal', 'nations', 'paper', 'perDay', 'review', 'total', 'totalWithPaper',
    ]);
    expect(body).toMatchObject({ paper: { total: 0, byCountry: {} }, totalWithPaper: 3, deliveries: [] });
    expect(body.review).toEqual({ held: { total: 0, byRule: {} }, invalid: { total: 0, byReason: {} }, approved: { total: 0, byRule: {} } });
    expect((await fetch(`${base}/api/stats.json`, { method: 'POST' })).status).toBe(405);
  });

  it('exposes signatures and deliveries in Prometheus format', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('petition_signatures{campaign="end-forced-repatriation-2026",platform="all"} 3');
    expect(text).toContain('petition_signatures{campaign="end-forced-repatriation-2026",platform="telegram"} 2');
    expect(text).toContain('petition_nations{campaign="end-forced-repatriation-2026"} 2');
    expect(text).toMatch(/petition_deliveries\{state="queued"\} 0/);
  });

  it('reports health while the database answers', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('answers 404 for unknown paths and 500 when a handler fails, and reports the failure', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    expect(errors).toHaveLength(1);
  });
});
