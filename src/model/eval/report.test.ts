import {
  EvaluationRow,
  EvaluationTable,
  evaluationRow,
  evaluationTableJson,
  EVALUATION_SCHEMA,
  macroAverageTable,
  renderEvaluationTable,
} from './report';

const events = {
  eventPrecision: 0.5,
  eventRecall: 0.75,
  medianLeadTime: 15 * 60_000,
  leadAtLeastHorizonShare: 0.5,
  falsePositiveRate: 0.0123,
};

function row(detector: string, overrides: Partial<EvaluationRow> = {}): EvaluationRow {
  return {
    ...evaluationRow({
      detector,
      training: 'per machine',
      events,
      timeUnitMs: 1,
      smd: { pointF1: 0.4, pointAdjustedF1: 0.8, bestF1: 0.5, bestPointAdjustedF1: 0.9 },
      timing: { wallTimeSeconds: 2, rows: 1000 },
    }),
    ...overrides,
  };
}

describe('evaluationRow', () => {
  it('derives event F1, lead in minutes and rows/s', () => {
    const r = row('ensemble');
    expect(r.eventF1).toBeCloseTo(0.6, 12);
    expect(r.medianLeadMinutes).toBe(15);
    expect(r.rowsPerSecond).toBe(500);
    expect(r.nab).toBeNull();
  });

  it('keeps undefined figures null', () => {
    const r = evaluationRow({
      detector: 'null',
      training: 'none',
      events: { ...events, eventPrecision: null, medianLeadTime: null },
      timeUnitMs: 60_000,
      timing: { wallTimeSeconds: 0, rows: 0 },
    });
    expect(r).toMatchObject({
      eventPrecision: null,
      eventF1: null,
      medianLeadMinutes: null,
      pointF1: null,
      rowsPerSecond: null,
    });
  });

  it('converts lead with the time unit (steps of one minute)', () => {
    const r = evaluationRow({
      detector: 'x',
      training: 'none',
      events: { ...events, medianLeadTime: 12 },
      timeUnitMs: 60_000,
      timing: { wallTimeSeconds: 1, rows: 1 },
    });
    expect(r.medianLeadMinutes).toBe(12);
  });
});

describe('renderEvaluationTable', () => {
  const table: EvaluationTable = {
    dataset: 'SMD',
    horizonMinutes: 15,
    rows: [row('ensemble'), row('null', { eventPrecision: null, eventF1: null })],
    notes: ['one model per machine'],
  };
  const text = renderEvaluationTable(table);
  const lines = text.split('\n');

  it('prints a title, aligned header and one line per detector', () => {
    expect(lines[0]).toBe('SMD (H = 15 min)');
    expect(lines[1]).toMatch(
      /^detector +trained +ev\.P +ev\.R +ev\.F1 +lead med \(min\) +lead>=H +FPR +F1 +F1 PA +best F1\* +best F1 PA\* +wall s +rows\/s$/
    );
    expect(lines[2]).toMatch(/^-+( +-+)+$/);
    expect(lines[3]).toMatch(
      /^ensemble +per machine +0\.500 +0\.750 +0\.600 +15\.0 +0\.500 +0\.0123 +0\.400 +0\.800 +0\.500 +0\.900 +2\.00 +500$/
    );
    expect(lines[4]).toMatch(/^null +per machine +— +0\.750 +— /);
    // Every row lines up with the header.
    expect(new Set(lines.slice(1, 5).map((l) => l.length)).size).toBe(1);
  });

  it('drops columns no detector has (NAB on SMD) and labels best-over-thresholds and undefined cells', () => {
    expect(text).not.toContain('NAB');
    expect(text).toContain('* best over thresholds on the scored data itself');
    expect(text).toContain('— undefined');
    expect(text.trimEnd().endsWith('one model per machine')).toBe(true);
  });

  it('shows NAB columns when a detector has them', () => {
    const nabTable: EvaluationTable = {
      dataset: 'NAB',
      horizonMinutes: 15,
      rows: [
        row('numenta', {
          nab: { standard: 70.1, reward_low_FP_rate: 63.1, reward_low_FN_rate: 74.3 },
          pointF1: null,
          pointAdjustedF1: null,
          bestF1: null,
          bestPointAdjustedF1: null,
        }),
      ],
      notes: [],
    };
    const out = renderEvaluationTable(nabTable);
    expect(out).toMatch(/NAB std +NAB lowFP +NAB lowFN/);
    expect(out).toMatch(/70\.1 +63\.1 +74\.3/);
    expect(out).not.toContain('best F1');
  });

  it('renders a table without rows', () => {
    expect(renderEvaluationTable({ dataset: 'ASD', horizonMinutes: 15, rows: [], notes: [] })).toBe(
      'ASD (H = 15 min)\ndetector  trained  wall s\n--------  -------  ------\n'
    );
  });
});

describe('evaluationTableJson', () => {
  it('carries the schema, column definitions and rows, and survives JSON', () => {
    const table: EvaluationTable = { dataset: 'SMD', horizonMinutes: 15, rows: [row('ensemble')], notes: [] };
    const json = evaluationTableJson(table);
    expect(json.schema).toBe(EVALUATION_SCHEMA);
    expect(json.columns.find((c) => c.key === 'bestF1')?.description).toMatch(/chosen on scored data/);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('macroAverageTable', () => {
  it('averages each figure over the datasets where it is defined and sums timing', () => {
    const smd: EvaluationTable = {
      dataset: 'SMD',
      horizonMinutes: 15,
      rows: [row('ensemble', { eventPrecision: 0.4 })],
      notes: [],
    };
    const asd: EvaluationTable = {
      dataset: 'ASD',
      horizonMinutes: 15,
      rows: [row('ensemble', { eventPrecision: null, eventRecall: 0.25 })],
      notes: [],
    };
    const avg = macroAverageTable([smd, asd]);
    expect(avg.rows).toHaveLength(1);
    expect(avg.rows[0].eventPrecision).toBeCloseTo(0.4, 12);
    expect(avg.rows[0].eventRecall).toBeCloseTo(0.5, 12);
    expect(avg.rows[0].wallTimeSeconds).toBe(4);
    expect(avg.rows[0].rowsPerSecond).toBe(500);
    expect(avg.rows[0].nab).toBeNull();
    expect(avg.notes[0]).toContain('SMD, ASD');
    expect(() => macroAverageTable([])).toThrow(/at least one/);
    expect(() => macroAverageTable([smd, { ...asd, horizonMinutes: 30 }])).toThrow(/different horizons/);
  });
});
