import { add, EventTrace, forSteps, get, raiseCapped, set, smoothstep, stepsOf, trapezoid } from './eventTrace';
import { ScenarioRandom } from './rng';
import { BenignKind } from './types';

/**
 * Hard negatives: routine work that moves the same features as a precursor, then recovers. Every
 * change is capped below the failure conditions (failureConditions.ts), so a detector that fires
 * on any change earns false positives here and nothing else. Ranges in docs/scenarios.md.
 */
export interface BenignParams extends Record<string, number> {
  durationMinutes: number;
}

export interface BenignModel {
  sample(random: ScenarioRandom): BenignParams;
  /** Writes the event over steps [k0, k0 + duration]; returns its last step. */
  apply(trace: EventTrace, k0: number, params: BenignParams, random: ScenarioRandom): number;
}

/** The highest any benign event takes these features (each below its failure condition). */
export const BENIGN_CAPS = {
  cpuBusy: 0.93,
  loadPerCore: 1.9,
  memoryUsed: 0.9,
  filesystemUsed: 0.93,
  fdUsed: 0.7,
  linkShare: 0.8,
  tcpRetransmits: 0.035,
} as const;

const C = BENIGN_CAPS;

const batchJob: BenignModel = {
  sample: (r) => ({
    durationMinutes: r.uniform(10, 90),
    rampMinutes: r.uniform(2, 5),
    cpuExtra: r.uniform(0.2, 0.5),
    loadExtra: r.uniform(0.3, 1.2),
    memoryExtra: r.uniform(0.05, 0.2),
    readBytes: r.uniform(5e6, 40e6),
    diskBusyExtra: r.uniform(0.1, 0.4),
  }),
  apply(trace, k0, p, r) {
    const k1 = k0 + stepsOf(trace, p.durationMinutes);
    const ramp = stepsOf(trace, p.rampMinutes);
    forSteps(trace, k0, k1, (k) => {
      const w = trapezoid(k, k0, k1, ramp, ramp);
      raiseCapped(trace, k, 'cpu_busy', p.cpuExtra * w * (1 + 0.05 * r.normal()), 0.9);
      raiseCapped(trace, k, 'load_per_core', p.loadExtra * w, 1.6);
      // The job's working set grows through the run, like a leak, and is freed when it exits.
      const grown = (k - k0) / (k1 - k0);
      raiseCapped(trace, k, 'memory_used', p.memoryExtra * grown * smoothstep((k1 - k + 1) / ramp), 0.88);
      add(trace, k, 'disk_read_bytes', p.readBytes * w * Math.max(0, 1 + 0.2 * r.normal()));
      raiseCapped(trace, k, 'disk_busy', p.diskBusyExtra * w, 0.9);
    });
    return k1;
  },
};

const backup: BenignModel = {
  sample: (r) => ({
    durationMinutes: r.uniform(15, 90),
    deleteMinutes: r.uniform(1, 5),
    readBytes: r.uniform(20e6, 80e6),
    writeBytes: r.uniform(10e6, 60e6),
    filesystemGrowth: r.uniform(0.03, 0.15),
    txBytes: r.uniform(5e6, 30e6),
    diskBusyExtra: r.uniform(0.3, 0.6),
    iowaitExtra: r.uniform(0.02, 0.1),
  }),
  apply(trace, k0, p, r) {
    const k1 = k0 + stepsOf(trace, p.durationMinutes);
    const k2 = k1 + stepsOf(trace, p.deleteMinutes);
    const ramp = stepsOf(trace, 1);
    // The archive is written locally, shipped, then deleted: the filesystem rises and falls back.
    const growth = Math.max(
      0,
      Math.min(p.filesystemGrowth, C.filesystemUsed - 0.005 - get(trace, k0, 'filesystem_used'))
    );
    forSteps(trace, k0, k2, (k) => {
      const w = trapezoid(k, k0, k1, ramp, ramp);
      const filled = k <= k1 ? (k - k0) / (k1 - k0) : 1 - (k - k1) / (k2 - k1);
      raiseCapped(trace, k, 'filesystem_used', growth * filled, C.filesystemUsed);
      add(trace, k, 'disk_read_bytes', p.readBytes * w * Math.max(0, 1 + 0.1 * r.normal()));
      add(trace, k, 'disk_write_bytes', p.writeBytes * w * Math.max(0, 1 + 0.1 * r.normal()));
      add(trace, k, 'network_tx_bytes', p.txBytes * w * Math.max(0, 1 + 0.1 * r.normal()));
      raiseCapped(trace, k, 'disk_busy', p.diskBusyExtra * w, 0.95);
      add(trace, k, 'cpu_iowait', p.iowaitExtra * w);
    });
    return k2;
  },
};

const loadSpike: BenignModel = {
  sample: (r) => ({
    durationMinutes: r.uniform(2, 15),
    cpuExtra: r.uniform(0.2, 0.45),
    loadExtra: r.uniform(0.5, 1.5),
    trafficFactor: r.uniform(1.5, 3),
  }),
  apply(trace, k0, p) {
    const k1 = k0 + stepsOf(trace, p.durationMinutes);
    const ramp = stepsOf(trace, 0.5);
    const linkCap = C.linkShare * trace.linkCap;
    forSteps(trace, k0, k1, (k) => {
      const w = trapezoid(k, k0, k1, ramp, ramp * 2);
      raiseCapped(trace, k, 'cpu_busy', p.cpuExtra * w, C.cpuBusy);
      raiseCapped(trace, k, 'load_per_core', p.loadExtra * w, C.loadPerCore);
      for (const link of ['network_rx_bytes', 'network_tx_bytes'] as const) {
        const v = get(trace, k, link);
        raiseCapped(trace, k, link, v * (p.trafficFactor - 1) * w, linkCap);
      }
    });
    return k1;
  },
};

const trafficBurst: BenignModel = {
  sample: (r) => ({
    durationMinutes: r.uniform(5, 45),
    rampMinutes: r.uniform(1, 3),
    linkShare: r.uniform(0.5, C.linkShare),
    retransmitExtra: r.uniform(0.002, 0.02),
    errorsExtra: r.uniform(0, 2),
    cpuExtra: r.uniform(0.03, 0.12),
  }),
  apply(trace, k0, p, r) {
    const k1 = k0 + stepsOf(trace, p.durationMinutes);
    const ramp = stepsOf(trace, p.rampMinutes);
    const target = p.linkShare * trace.linkCap;
    forSteps(trace, k0, k1, (k) => {
      const w = trapezoid(k, k0, k1, ramp, ramp);
      for (const link of ['network_rx_bytes', 'network_tx_bytes'] as const) {
        const v = get(trace, k, link);
        set(trace, k, link, Math.max(v, v + (target * (1 - 0.02 * Math.abs(r.normal())) - v) * w));
      }
      raiseCapped(trace, k, 'tcp_retransmits', p.retransmitExtra * w, C.tcpRetransmits);
      add(trace, k, 'network_errors', p.errorsExtra * w * Math.max(0, 1 + 0.3 * r.normal()));
      raiseCapped(trace, k, 'cpu_busy', p.cpuExtra * w, 0.9);
    });
    return k1;
  },
};

const connectionBurst: BenignModel = {
  sample: (r) => ({
    durationMinutes: r.uniform(5, 40),
    fdExtra: r.uniform(0.1, 0.4),
    retransmitExtra: r.uniform(0, 0.005),
  }),
  apply(trace, k0, p) {
    const k1 = k0 + stepsOf(trace, p.durationMinutes);
    const up = Math.max(1, Math.round((k1 - k0) * 0.6));
    forSteps(trace, k0, k1, (k) => {
      const w = trapezoid(k, k0, k1, up, k1 - k0 - up + 1);
      raiseCapped(trace, k, 'fd_used', p.fdExtra * w, C.fdUsed);
      raiseCapped(trace, k, 'tcp_retransmits', p.retransmitExtra * w, C.tcpRetransmits);
    });
    return k1;
  },
};

const gcSawtooth: BenignModel = {
  sample: (r) => {
    const cycles = r.int(2, 5);
    const cycleMinutes = r.uniform(5, 20);
    return {
      durationMinutes: cycles * cycleMinutes,
      cycles,
      cycleMinutes,
      memoryExtra: r.uniform(0.08, 0.2),
      cpuExtra: r.uniform(0.05, 0.15),
    };
  },
  apply(trace, k0, p) {
    const cycle = stepsOf(trace, p.cycleMinutes);
    const k1 = k0 + cycle * p.cycles;
    // A heap grows until the collector frees it at once: a leak-like climb that resets.
    forSteps(trace, k0, k1, (k) => {
      const phase = ((k - k0) % cycle) / cycle;
      raiseCapped(trace, k, 'memory_used', p.memoryExtra * phase, C.memoryUsed);
      if (phase > 0.9) {
        raiseCapped(trace, k, 'cpu_busy', p.cpuExtra, 0.9);
      }
    });
    return k1;
  },
};

export const BENIGN_MODELS: Record<BenignKind, BenignModel> = {
  batch_job: batchJob,
  backup,
  load_spike: loadSpike,
  traffic_burst: trafficBurst,
  connection_burst: connectionBurst,
  gc_sawtooth: gcSawtooth,
};
