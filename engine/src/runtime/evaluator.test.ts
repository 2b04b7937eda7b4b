import { Evaluator } from './evaluator.js';

describe('runtime - Evaluator', () => {
  it("should make FEEL's now() and today() read the engine's clock, not the machine's", () => {
    // given an engine clock pinned far from the machine's
    const evaluate = new Evaluator(Date.parse('2030-01-01T23:30:00Z'));

    // then
    expect(evaluate.nullable({ kind: 'feel', source: 'now() + duration("PT1H")' }, {})).toEqual({
      ok: true,
      value: '2030-01-02T00:30:00Z',
    });
    expect(evaluate.nullable({ kind: 'feel', source: 'string(today())' }, {})).toEqual({
      ok: true,
      value: '2030-01-01',
    });
  });

  it('should evaluate expressions that do not use the clock as usual', () => {
    const evaluate = new Evaluator(Date.parse('2030-01-01T00:00:00Z'));
    expect(evaluate.nullable({ kind: 'feel', source: 'x + 1' }, { x: 1 })).toEqual({
      ok: true,
      value: 2,
    });
  });
});
