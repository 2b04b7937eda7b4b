import { escalationStep, topLevelReminders } from './escalation-levels.js';

const levels = [
  { level: 1, at: '2026-03-09T01:00:00.000Z', group: 'lurah' },
  { level: 2, at: '2026-03-11T01:00:00.000Z', group: 'camat' },
];

describe('escalation levels', () => {
  it('should raise at the breach level first, then climb one level per round', () => {
    expect(escalationStep(levels, 1, 1)).toMatchObject({
      level: 1,
      group: 'lurah',
      promoted: false,
      next: levels[1],
    });
    expect(escalationStep(levels, 1, 2)).toMatchObject({
      level: 2,
      group: 'camat',
      promoted: true,
      next: undefined,
    });
  });

  it('should stay at the top and give up after the reminders there', () => {
    const rounds = levels.length + topLevelReminders;
    expect(escalationStep(levels, 2, rounds)).toMatchObject({
      level: 2,
      promoted: false,
      exhausted: false,
    });
    expect(escalationStep(levels, 2, rounds + 1)).toMatchObject({ level: 2, exhausted: true });
  });

  it('should start at a higher level when the breach is found there', () => {
    expect(escalationStep(levels, 2, 1)).toMatchObject({
      level: 2,
      group: 'camat',
      next: undefined,
      exhausted: false,
    });
  });
});
