import path from 'node:path';

import { ConfigError, loadConfig } from './config.js';

describe('config - loadConfig', () => {
  it('should default to the embedded database and engine', () => {
    // when
    const config = loadConfig({}, '/srv/ektp');

    // then
    expect(config).toEqual({
      http: { port: 3000, host: '127.0.0.1' },
      database: { mode: 'embedded', dataDir: path.resolve('/srv/ektp/.data/pg'), port: 54329 },
      engine: { mode: 'embedded', grpcPort: 26500, restPort: 8088, clockControl: false },
      parts: new Set(['api', 'workers']),
      logLevel: 'info',
      demoSeed: true,
    });
  });

  it('should use an external database and Zeebe gateway when they are given', () => {
    // when
    const config = loadConfig({
      DATABASE_URL: 'postgres://ektp:secret@db:5432/ektp',
      ZEEBE_GRPC_ADDRESS: 'grpc://zeebe:26500',
      LOG_LEVEL: 'WARN',
      PORT: '8080',
    });

    // then
    expect(config.database).toEqual({
      mode: 'external',
      url: 'postgres://ektp:secret@db:5432/ektp',
    });
    expect(config.engine).toEqual({ mode: 'external', address: 'grpc://zeebe:26500' });
    expect(config.logLevel).toBe('warn');
    expect(config.http.port).toBe(8080);
  });

  it("should read an external cluster's REST API address, without the /v2 the SDK appends", () => {
    // when
    const config = loadConfig({
      ZEEBE_GRPC_ADDRESS: 'grpc://zeebe:26500',
      ZEEBE_REST_ADDRESS: 'http://zeebe:8080/v2/',
    });

    // then
    expect(config.engine).toEqual({
      mode: 'external',
      address: 'grpc://zeebe:26500',
      restAddress: 'http://zeebe:8080',
    });
  });

  it("should move the embedded engine's monitoring REST API to ZEEBE_REST_PORT", () => {
    expect(loadConfig({ ZEEBE_REST_PORT: '18088' }).engine).toMatchObject({ restPort: 18088 });
  });

  it('should run only the parts listed in PARTS', () => {
    expect(loadConfig({ PARTS: ' Workers ' }).parts).toEqual(new Set(['workers']));
  });

  it('should treat an empty value as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: ' ' }).database.mode).toBe('embedded');
  });

  it.each([
    ['PORT', 'abc', 'PORT must be a whole number between 0 and 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be a whole number between 0 and 65535 (got "70000")'],
    [
      'ZEEBE_GRPC_PORT',
      '-1',
      'ZEEBE_GRPC_PORT must be a whole number between 0 and 65535 (got "-1")',
    ],
    [
      'DATABASE_URL',
      'mysql://x/y',
      'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://x/y")',
    ],
    ['ZEEBE_GRPC_ADDRESS', 'localhost:26500', 'ZEEBE_GRPC_ADDRESS must look like grpc://host:port'],
    ['ZEEBE_REST_ADDRESS', 'zeebe:8080', 'ZEEBE_REST_ADDRESS must look like http://host:port'],
    ['ZEEBE_REST_PORT', '8o88', 'ZEEBE_REST_PORT must be a whole number between 0 and 65535'],
    ['ENGINE_CLOCK_CONTROL', 'ya', 'ENGINE_CLOCK_CONTROL must be true or false (got "ya")'],
    [
      'LOG_LEVEL',
      'verbose',
      'LOG_LEVEL must be one of debug, info, warn, error, silent (got "verbose")',
    ],
  ])('should refuse %s=%s with a message naming the variable', (variable, value, expected) => {
    // when
    const attempt = () => loadConfig({ [variable]: value });

    // then
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(expected);
  });

  it('should report every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['PORT', 'LOG_LEVEL']);
    }
  });
});
