import { createLogger } from './logger.js';

describe('log - createLogger', () => {
  const fixedNow = () => new Date('2026-11-29T08:00:00.000Z');

  it('should write JSON lines with bound fields and mask NIKs', () => {
    // given
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      write: (l) => lines.push(l),
      pretty: false,
      now: fixedNow,
    }).child({ component: 'api' });

    // when
    log.info('resident registered', { nik: '1571084506990001' });

    // then
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        time: '2026-11-29T08:00:00.000Z',
        level: 'info',
        component: 'api',
        nik: '157108******0001',
        message: 'resident registered',
      },
    ]);
  });

  it('should drop lines below the level and keep errors readable', () => {
    // given
    const lines: string[] = [];
    const log = createLogger({
      level: 'warn',
      write: (l) => lines.push(l),
      pretty: true,
      now: fixedNow,
    });

    // when
    log.info('not shown');
    log.error('failed', { error: Object.assign(new Error('boom'), { code: 'E1' }) });

    // then
    expect(lines).toEqual([
      '08:00:00 ERROR failed error={"name":"Error","message":"boom","code":"E1"}',
    ]);
  });
});
