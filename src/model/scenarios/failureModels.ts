import { add, clamp01, EventTrace, forSteps, get, raiseCapped, set, smoothstep, stepsOf } from './eventTrace';
import { FAILURE_THRESHOLDS as T } from './failureConditions';
import { ScenarioRandom } from './rng';
import { FailureKind } from './types';

/**
 * Each failure kind: its parameters (drawn per event; ranges in docs/scenarios.md) and how its
 * precursor, failure state and recovery are written over the host's normal rows. The precursor
 * runs over steps [kp, kf]; the kind's condition is first met at kf (see gateFailure); the failure
 * state lasts holdMinutes, recovery (restart, clean-up) recoveryMinutes, then after-effects (swap
 * paging back in) tailMinutes.
 */
export interface FailureParams extends Record<string, number> {
  holdMinutes: number;
  recoveryMinutes: number;
  tailMinutes: number;
}

export interface FailureTiming {
  kp: number;
  kf: number;
}

export interface FailureModel {
  sample(random: ScenarioRandom): FailureParams;
  apply(trace: EventTrace, timing: FailureTiming, params: FailureParams, random: ScenarioRandom): void;
}

/** Phase boundaries of a failure after its precursor. */
function phases(trace: EventTrace, kf: number, p: FailureParams) {
  const kh = kf + stepsOf(trace, p.holdMinutes);
  const kr = kh + stepsOf(trace, p.recoveryMinutes);
  return { kh, kr, holdSteps: kh - kf, recoverySteps: kr - kh };
}

const progress = (k: number, { kp, kf }: FailureTiming) => (k - kp) / Math.max(kf - kp, 1);

const memoryLeak: FailureModel = {
  sample: (r) => ({
    holdMinutes: r.uniform(1, 5),
    recoveryMinutes: r.uniform(1, 3),
    tailMinutes: r.uniform(60, 180),
    gamma: r.uniform(0.8, 1.5),
    memoryAtFailure: T.memoryUsed + r.uniform(0.001, 0.004),
    memoryThrashing: r.uniform(0.985, 0.998),
    swapPeak: r.uniform(0.3, 0.9),
    iowaitPeak: r.uniform(0.1, 0.4),
    cpuExtra: r.uniform(0.15, 0.35),
    loadExtra: r.uniform(0.5, 1.5),
    readPeakBytes: r.uniform(5e6, 40e6),
    diskBusyExtra: r.uniform(0.3, 0.6),
    restartDip: r.uniform(0, 0.05),
  }),
  apply(trace, timing, p, r) {
    const { kp, kf } = timing;
    const { kh, kr, holdSteps } = phases(trace, kf, p);
    let swapNow = get(trace, Math.max(kp, 0), 'swap_used');
    const pressure = (k: number, w: number) => {
      if (trace.traits.hasSwap) {
        swapNow = Math.max(swapNow, get(trace, k, 'swap_used') + (p.swapPeak - get(trace, k, 'swap_used')) * w);
        set(trace, k, 'swap_used', swapNow);
      }
      add(trace, k, 'cpu_iowait', p.iowaitPeak * w * (1 + 0.1 * r.normal()));
      raiseCapped(trace, k, 'cpu_busy', p.cpuExtra * w, 0.9);
      raiseCapped(trace, k, 'load_per_core', p.loadExtra * w, 1.8);
      add(trace, k, 'disk_read_bytes', p.readPeakBytes * w * Math.max(0, 1 + 0.15 * r.normal()));
      raiseCapped(trace, k, 'disk_busy', p.diskBusyExtra * w, 0.97);
    };
    forSteps(trace, kp, kf, (k) => {
      const base = get(trace, k, 'memory_used');
      const m = base + (p.memoryAtFailure - base) * progress(k, timing) ** p.gamma;
      set(trace, k, 'memory_used', m);
      pressure(k, clamp01((m - 0.85) / (p.memoryAtFailure - 0.85)) ** 2);
    });
    forSteps(trace, kf + 1, kh, (k) => {
      const rise = smoothstep((k - kf) / Math.max(holdSteps / 2, 1));
      set(
        trace,
        k,
        'memory_used',
        p.memoryAtFailure + (p.memoryThrashing - p.memoryAtFailure) * rise - 0.002 * Math.abs(r.normal())
      );
      pressure(k, 1);
    });
    // The OOM killer ends the leaking process and it restarts: memory back (a little lower, fresh
    // heap), traffic gone while it starts, swapped pages paged back in slowly.
    forSteps(trace, kh + 1, kr, (k) => {
      add(trace, k, 'memory_used', -p.restartDip);
      set(trace, k, 'network_rx_bytes', get(trace, k, 'network_rx_bytes') * 0.15);
      set(trace, k, 'network_tx_bytes', get(trace, k, 'network_tx_bytes') * 0.15);
    });
    const tau = stepsOf(trace, p.tailMinutes / 3);
    forSteps(trace, kh + 1, kr + stepsOf(trace, p.tailMinutes), (k) => {
      if (trace.traits.hasSwap) {
        const base = get(trace, k, 'swap_used');
        set(trace, k, 'swap_used', base + Math.max(swapNow - base, 0) * Math.exp(-(k - kh) / tau));
      }
    });
  },
};

const diskFill: FailureModel = {
  sample: (r) => ({
    holdMinutes: r.uniform(5, 30),
    recoveryMinutes: r.uniform(1, 5),
    tailMinutes: 0,
    gamma: r.uniform(0.9, 1.4),
    filesystemAtFailure: T.filesystemUsed + r.uniform(0.001, 0.004),
    filesystemFull: r.uniform(0.995, 1),
    diskSizeGb: r.uniform(20, 500),
    diskBusyExtra: r.uniform(0.2, 0.5),
    iowaitExtra: r.uniform(0.02, 0.1),
  }),
  apply(trace, timing, p, r) {
    const { kp, kf } = timing;
    const { kh, kr, holdSteps, recoverySteps } = phases(trace, kf, p);
    const fs0 = get(trace, Math.max(kp, 0), 'filesystem_used');
    const seconds = Math.max(kf - kp, 1) * trace.stepSeconds;
    // What fills the disk writes at the rate the fill needs, within what a disk can take.
    const writeBytes = Math.min(Math.max(((p.filesystemAtFailure - fs0) * p.diskSizeGb * 1e9) / seconds, 3e6), 150e6);
    p.writeBytes = writeBytes;
    const rampIn = stepsOf(trace, 2);
    forSteps(trace, kp, kf, (k) => {
      const base = get(trace, k, 'filesystem_used');
      set(trace, k, 'filesystem_used', base + (p.filesystemAtFailure - base) * progress(k, timing) ** p.gamma);
      const w = smoothstep((k - kp + 1) / rampIn);
      add(trace, k, 'disk_write_bytes', writeBytes * w * Math.max(0, 1 + 0.1 * r.normal()));
      raiseCapped(trace, k, 'disk_busy', p.diskBusyExtra * w, 0.97);
      add(trace, k, 'cpu_iowait', p.iowaitExtra * w);
    });
    forSteps(trace, kf + 1, kh, (k) => {
      const rise = smoothstep((k - kf) / Math.max(holdSteps / 3, 1));
      set(
        trace,
        k,
        'filesystem_used',
        Math.min(1, p.filesystemAtFailure + (p.filesystemFull - p.filesystemAtFailure) * rise)
      );
      // Writes now fail with ENOSPC.
      set(trace, k, 'disk_write_bytes', get(trace, k, 'disk_write_bytes') * 0.2);
    });
    forSteps(trace, kh + 1, kr, (k) => {
      const base = get(trace, k, 'filesystem_used');
      const left = 1 - (k - kh) / recoverySteps;
      set(trace, k, 'filesystem_used', base + (p.filesystemFull - base) * left);
    });
  },
};

const cpuRunaway: FailureModel = {
  sample: (r) => ({
    holdMinutes: r.uniform(5, 20),
    recoveryMinutes: r.uniform(3, 10),
    tailMinutes: 0,
    saturateAt: r.uniform(0.4, 0.8),
    cpuSaturated: r.uniform(0.97, 1),
    gamma: r.uniform(1.5, 3),
    loadAtFailure: T.loadPerCore + r.uniform(0.005, 0.03),
    loadPeak: r.uniform(3, 8),
  }),
  apply(trace, timing, p, r) {
    const { kp, kf } = timing;
    const { kh, kr, holdSteps } = phases(trace, kf, p);
    const saturated = () => p.cpuSaturated - 0.01 * Math.min(Math.abs(r.normal()), 1.5);
    forSteps(trace, kp, kf, (k) => {
      const u = progress(k, timing);
      const c = smoothstep(u / p.saturateAt);
      const cpu = get(trace, k, 'cpu_busy');
      set(trace, k, 'cpu_busy', c >= 1 ? saturated() : cpu + (p.cpuSaturated - cpu) * c);
      const load = get(trace, k, 'load_per_core');
      set(trace, k, 'load_per_core', load + (p.loadAtFailure - load) * u ** p.gamma);
    });
    let loadEnd = p.loadAtFailure;
    forSteps(trace, kf + 1, kh, (k) => {
      set(trace, k, 'cpu_busy', saturated());
      loadEnd = p.loadAtFailure + (p.loadPeak - p.loadAtFailure) * ((k - kf) / holdSteps) + 0.05 * r.normal();
      set(trace, k, 'load_per_core', loadEnd);
    });
    // The runaway process is killed: CPU frees at once, load1 decays with its 1-minute constant.
    forSteps(trace, kh + 1, kr, (k) => {
      const load = get(trace, k, 'load_per_core');
      set(trace, k, 'load_per_core', load + (loadEnd - load) * Math.exp(-((k - kh) * trace.stepSeconds) / 60));
    });
  },
};

const fdExhaustion: FailureModel = {
  sample: (r) => ({
    holdMinutes: r.uniform(2, 10),
    recoveryMinutes: r.uniform(1, 4),
    tailMinutes: 0,
    gamma: r.uniform(1, 2.5),
    fdAtFailure: T.fdUsed + r.uniform(0.001, 0.004),
    fdFull: r.uniform(0.99, 1),
    retransmitExtra: r.uniform(0.01, 0.04),
    errorsPeak: r.uniform(1, 20),
    txDrop: r.uniform(0.1, 0.4),
  }),
  apply(trace, timing, p, r) {
    const { kp, kf } = timing;
    const { kh, kr, recoverySteps } = phases(trace, kf, p);
    // Refused connections show at the end: retransmits, listen drops, less traffic out.
    const symptoms = (k: number, w: number) => {
      add(trace, k, 'tcp_retransmits', p.retransmitExtra * w * Math.max(0, 1 + 0.2 * r.normal()));
      add(trace, k, 'network_errors', p.errorsPeak * w * Math.max(0, 1 + 0.3 * r.normal()));
      set(trace, k, 'network_tx_bytes', get(trace, k, 'network_tx_bytes') * (1 - p.txDrop * w));
    };
    forSteps(trace, kp, kf, (k) => {
      const u = progress(k, timing);
      const fd = get(trace, k, 'fd_used');
      set(trace, k, 'fd_used', fd + (p.fdAtFailure - fd) * u ** p.gamma);
      symptoms(k, clamp01((u - 0.7) / 0.3) ** 2);
    });
    forSteps(trace, kf + 1, kh, (k) => {
      set(trace, k, 'fd_used', Math.min(1, p.fdFull - 0.002 * Math.abs(r.normal())));
      symptoms(k, 1);
    });
    forSteps(trace, kh + 1, kr, (k) => {
      const fd = get(trace, k, 'fd_used');
      set(trace, k, 'fd_used', fd + (p.fdFull - fd) * Math.max(0, 1 - (2 * (k - kh)) / recoverySteps));
    });
  },
};

const networkSaturation: FailureModel = {
  sample: (r) => ({
    holdMinutes: r.uniform(5, 20),
    recoveryMinutes: r.uniform(3, 15),
    tailMinutes: 0,
    /** 0: receive, 1: transmit, 2: both. */
    direction: r.int(0, 2),
    saturateAt: r.uniform(0.5, 0.85),
    linkPeak: r.uniform(0.93, 0.99),
    gamma: r.uniform(1.2, 2.5),
    retransmitAtFailure: T.tcpRetransmits + r.uniform(0.0005, 0.003),
    retransmitPeak: r.uniform(0.08, 0.2),
    errorsPeak: r.uniform(5, 200),
    cpuExtra: r.uniform(0.05, 0.15),
  }),
  apply(trace, timing, p, r) {
    const { kp, kf } = timing;
    const { kh, kr, holdSteps, recoverySteps } = phases(trace, kf, p);
    const links = (['network_rx_bytes', 'network_tx_bytes'] as const).filter(
      (_, i) => p.direction === 2 || p.direction === i
    );
    const peak = () => trace.linkCap * p.linkPeak * (1 - 0.01 * Math.min(Math.abs(r.normal()), 2));
    const loss = (k: number, retransmits: number, w: number) => {
      set(trace, k, 'tcp_retransmits', retransmits);
      add(trace, k, 'network_errors', p.errorsPeak * w * Math.max(0, 1 + 0.3 * r.normal()));
    };
    forSteps(trace, kp, kf, (k) => {
      const u = progress(k, timing);
      const c = smoothstep(u / p.saturateAt);
      for (const link of links) {
        const v = get(trace, k, link);
        set(trace, k, link, c >= 1 ? peak() : v + (trace.linkCap * p.linkPeak - v) * c);
      }
      raiseCapped(trace, k, 'cpu_busy', p.cpuExtra * c, 0.9);
      const w = u <= p.saturateAt ? 0 : ((u - p.saturateAt) / (1 - p.saturateAt)) ** p.gamma;
      const base = get(trace, k, 'tcp_retransmits');
      loss(k, base + (p.retransmitAtFailure - base) * (0.15 * c + 0.85 * w), w);
    });
    forSteps(trace, kf + 1, kh, (k) => {
      for (const link of links) {
        set(trace, k, link, peak());
      }
      raiseCapped(trace, k, 'cpu_busy', p.cpuExtra, 0.9);
      const rise = (k - kf) / holdSteps;
      loss(k, p.retransmitAtFailure + (p.retransmitPeak - p.retransmitAtFailure) * rise + 0.003 * r.normal(), 1);
    });
    forSteps(trace, kh + 1, kr, (k) => {
      const left = 1 - (k - kh) / recoverySteps;
      for (const link of links) {
        const v = get(trace, k, link);
        set(trace, k, link, v + (peak() - v) * left);
      }
      const base = get(trace, k, 'tcp_retransmits');
      loss(k, base + (p.retransmitPeak - base) * left * left, left * left);
    });
  },
};

export const FAILURE_MODELS: Record<FailureKind, FailureModel> = {
  memory_leak: memoryLeak,
  disk_fill: diskFill,
  cpu_runaway: cpuRunaway,
  fd_exhaustion: fdExhaustion,
  network_saturation: networkSaturation,
};
