/**
 * docker-compose.yml cannot be run on a machine without a Docker engine, so this test checks what
 * can be checked without one: every service the product needs is there, and the ports, hosts and
 * variables that tie them together agree with each other and with the product's configuration.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

import { loadConfig, productParts } from '../../platform/src/config/config.js';
import { projectRoot } from '../../platform/src/project-root.js';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};
const services = compose.services;
const productServices = Object.entries(services).filter(([, s]) => s.build !== undefined);

/** Resolves `${NAME:?message}` and `${NAME}` the way compose does, with a sample value. */
function interpolate(value: string): string {
  return value.replace(
    /\$\{([A-Z_]+)(:\?[^}]*)?\}/g,
    (_m, name: string) => `sample-${name.toLowerCase()}`,
  );
}

function environmentOf(service: Service): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]),
  );
}

function containerPorts(service: Service): number[] {
  return (service.ports ?? []).map((mapping) => Number(mapping.split(':').at(-1)));
}

describe('docker-compose.yml - the scaled-out topology', () => {
  it('should run Zeebe from an 8.5.x image and PostgreSQL', () => {
    expect(services.zeebe?.image).toMatch(/^camunda\/zeebe:8\.5\.\d+$/);
    expect(services.postgres?.image).toMatch(/^postgres:\d+/);
  });

  it('should run every part of the product, each in a container built from the Dockerfile', () => {
    // then
    expect(existsSync(path.join(projectRoot, 'Dockerfile'))).toBe(true);
    const partsRun = productServices.flatMap(([, s]) => (s.environment?.PARTS ?? '').split(','));
    expect(new Set(partsRun)).toEqual(new Set(productParts));
  });

  it.each(productServices.map(([name]) => [name]))(
    'should point %s at the compose PostgreSQL and Zeebe, never at embedded ones',
    (name) => {
      // given
      const service = services[name] as Service;
      const postgres = environmentOf(services.postgres as Service);

      // when
      const config = loadConfig(environmentOf(service));

      // then
      expect(config.database.mode).toBe('external');
      expect(config.engine.mode).toBe('external');
      const database = new URL((config.database as { url: string }).url);
      expect(database.hostname).toBe('postgres');
      expect(database.port).toBe('5432');
      expect(database.username).toBe(postgres.POSTGRES_USER);
      expect(decodeURIComponent(database.password)).toBe(postgres.POSTGRES_PASSWORD);
      expect(database.pathname).toBe(`/${postgres.POSTGRES_DB}`);
      const gateway = new URL((config.engine as { address: string }).address);
      expect(gateway.hostname).toBe('zeebe');
      expect(containerPorts(services.zeebe as Service)).toContain(Number(gateway.port));
      expect(Object.keys(service.depends_on ?? {}).sort()).toEqual(['postgres', 'zeebe']);
    },
  );

  it.each(productServices.map(([name]) => [name]))(
    'should check the health of %s on the port it listens on, reachable from outside the container',
    (name) => {
      const service = services[name] as Service;
      const config = loadConfig(environmentOf(service));
      expect(config.http.host).toBe('0.0.0.0');
      expect(service.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${config.http.port}/health`);
      for (const port of containerPorts(service)) expect(port).toBe(config.http.port);
    },
  );

  it('should keep secrets out of the file', () => {
    const text = readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8');
    for (const line of text.split('\n').filter((l) => /PASSWORD/.test(l))) {
      expect(line).toMatch(/\$\{POSTGRES_PASSWORD:\?[^}]+\}|POSTGRES_PASSWORD\b[^:]*$/);
    }
  });
});
