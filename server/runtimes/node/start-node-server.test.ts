// `npm start` with a bad environment: one line naming the variable, and nothing left listening.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { ConfigError } from '../../app/config-error.ts';
import { startNodeServer } from './start-node-server.ts';

const quiet = { print: () => {}, logger: () => {} };

async function occupy(): Promise<{ server: Server; port: number }> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

async function freePort(): Promise<number> {
  const { server, port } = await occupy();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function isFree(port: number): Promise<boolean> {
  const probe = createServer().listen(port, '127.0.0.1');
  const listened = await new Promise<boolean>((resolve) => {
    probe.once('listening', () => resolve(true));
    probe.once('error', () => resolve(false));
  });
  if (listened) await new Promise((resolve) => probe.close(resolve));
  return listened;
}

describe('startNodeServer with a bad environment', () => {
  it('a busy PORT is one line naming PORT', async () => {
    const busy = await occupy();
    try {
      await assert.rejects(
        startNodeServer({ PORT: String(busy.port), SANDBOX_PORT: '0' }, quiet),
        (error: Error) =>
          error.message.includes(`${busy.port}`) &&
          /PORT/.test(error.message) &&
          !error.message.includes('\n'),
      );
    } finally {
      busy.server.close();
    }
  });

  it('a busy SANDBOX_PORT names SANDBOX_PORT and releases PORT', async () => {
    const busy = await occupy();
    const port = await freePort();
    try {
      await assert.rejects(
        startNodeServer({ PORT: String(port), SANDBOX_PORT: String(busy.port) }, quiet),
        /SANDBOX_PORT/,
      );
      assert.ok(await isFree(port), 'PORT is still held after the failed start');
    } finally {
      busy.server.close();
    }
  });

  it('a bad value names the environment variable, not the createServer option', async () => {
    const port = await freePort();
    await assert.rejects(
      startNodeServer(
        { PORT: String(port), SANDBOX_PORT: '0', IMPCARD_TOKEN_SECRET: 'short' },
        quiet,
      ),
      (error: Error) =>
        /^IMPCARD_TOKEN_SECRET must be a string of at least 32 characters/.test(error.message),
    );
    assert.ok(await isFree(port));
    await assert.rejects(
      startNodeServer({ PORT: '0', SANDBOX_PORT: '0', IMPCARD_RATE_LIMIT_IP: '0/60' }, quiet),
      (error: Error) => /^IMPCARD_RATE_LIMIT_IP must be a positive/.test(error.message),
    );
    await assert.rejects(
      startNodeServer(
        { PORT: '0', SANDBOX_PORT: '0', IMPCARD_ALLOWED_ORIGINS: 'shop.example' },
        quiet,
      ),
      /IMPCARD_ALLOWED_ORIGINS/,
    );
    // Without a scheme the first call to i'mport would fail, long after start-up.
    await assert.rejects(
      startNodeServer({ PORT: '0', SANDBOX_PORT: '0', IMP_API_URL: 'api.iamport.kr' }, quiet),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'IMP_API_URL' &&
        /^IMP_API_URL must be an http:\/\/ or https:\/\/ URL/.test(error.message),
    );
  });

  it('refuses with a ConfigError naming the variable and the option it fills', async () => {
    await assert.rejects(
      startNodeServer({ PORT: '0', SANDBOX_PORT: '0', IMPCARD_TOKEN_SECRET: 'short' }, quiet),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'IMPCARD_TOKEN_SECRET' &&
        error.option === 'tokenSecret',
    );
    await assert.rejects(
      startNodeServer({ PORT: 'eighty', SANDBOX_PORT: '0' }, quiet),
      (error: unknown) => error instanceof ConfigError && error.variable === 'PORT',
    );
  });
});
