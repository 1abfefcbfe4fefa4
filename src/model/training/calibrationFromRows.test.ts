import { calibrationFromRows } from './trainModel';

/** Rows of 4 raw calibration features; label 1 every fifth step; part i moves by `signal[i]` on them. */
function rows(signal: number[], n = 400) {
  const X = new Float64Array(n * 4);
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    y[r] = r % 5 === 0 ? 1 : 0;
    for (let i = 0; i < 4; i++) {
      X[r * 4 + i] = (y[r] ? signal[i] : 0) + Math.sin(r * (0.7 + i * 0.31));
    }
  }
  return { X, y };
}

describe('calibrationFromRows', () => {
  it('weighs the parts that rise on failures and holds the one that falls at 0', () => {
    const { X, y } = rows([1.5, 1, 0, -1.5]);
    const calibration = calibrationFromRows(X, y, 0.3);
    expect(calibration.weights[0]).toBeGreaterThan(0);
    expect(calibration.weights[1]).toBeGreaterThan(0);
    expect(calibration.weights[3]).toBe(0);
    expect(calibration.smoothingAlpha).toBe(0.3);
  });

  it('refuses labels that no part raises the risk for, instead of a constant risk', () => {
    const { X, y } = rows([-1, -1, -1, -1]);
    expect(() => calibrationFromRows(X, y, 0.3)).toThrow(
      'no part of the model raises the risk on the 80 labelled failure steps (of 400): every calibration weight fits to 0; check the labels'
    );
  });

  it('refuses rows without both labels', () => {
    const { X } = rows([1, 1, 1, 1]);
    expect(() => calibrationFromRows(X, new Uint8Array(400), 0.3)).toThrow(
      'the calibration data has 0 labelled steps of 400; it needs both failures and normal time'
    );
  });
});
