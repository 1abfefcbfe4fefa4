import fs from 'node:fs';
import path from 'node:path';
import { parseCsv, parseFiniteNumber } from './numericCsv';
import { ReplayDataset, ReplayInputError } from './types';

/**
 * NAB file families and the gauge each becomes. Only the AWS CloudWatch series measure a server;
 * the rest keep a neutral name rather than pretend to be node_exporter metrics.
 */
const NAB_METRIC_BY_PREFIX: Array<[prefix: string, metric: string]> = [
  ['ec2_cpu_utilization', 'node_cpu_utilisation_percent'],
  ['ec2_disk_write_bytes', 'node_disk_written_bytes_rate'],
  ['ec2_network_in', 'node_network_receive_bytes_rate'],
  ['ec2_request_latency_system_failure', 'node_request_latency_seconds'],
  ['rds_cpu_utilization', 'node_cpu_utilisation_percent'],
  ['grok_asg_anomaly', 'node_cpu_utilisation_percent'],
  ['elb_request_count', 'node_http_requests_rate'],
  ['cpu_utilization_asg_misconfiguration', 'node_cpu_utilisation_percent'],
  ['machine_temperature_system_failure', 'node_hwmon_temp_celsius'],
];

export function nabMetricName(fileStem: string): string {
  const hit = NAB_METRIC_BY_PREFIX.find(([prefix]) => fileStem.startsWith(prefix));
  return hit ? hit[1] : 'nab_value';
}

/** Reads one NAB data file (`timestamp,value`, timestamps in UTC) as one series, instance = file stem. */
export function readNabFile(file: string): ReplayDataset {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReplayInputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const table = parseCsv(text, file);
  if (table.header[0] !== 'timestamp' || table.header[1] !== 'value' || table.header.length !== 2) {
    throw new ReplayInputError(`${file}: expected NAB's header "timestamp,value", found "${table.header.join(',')}"`);
  }
  const stem = path.basename(file, '.csv');
  const timestampsMs: number[] = [];
  const values: number[] = [];
  // A few NAB files repeat an hour (a clock set back while recording). A TSDB holds one value
  // per time, so rows that do not move time forward are left out, and counted.
  let skipped = 0;
  table.rows.forEach((row, r) => {
    const ms = Date.parse(`${row[0].replace(' ', 'T')}Z`);
    if (!Number.isFinite(ms)) {
      throw new ReplayInputError(`${file} line ${r + 2}: "${row[0]}" is not a NAB timestamp (YYYY-MM-DD HH:MM:SS)`);
    }
    const value = parseFiniteNumber(row[1], file, r + 2, 'value');
    if (timestampsMs.length > 0 && ms <= timestampsMs[timestampsMs.length - 1]) {
      skipped++;
      return;
    }
    timestampsMs.push(ms);
    values.push(value);
  });
  return {
    notes: skipped > 0 ? [`left out ${skipped} row(s) of ${stem} whose timestamp did not move forward (a clock set back in the source)`] : undefined,
    source: `nab ${stem} (${values.length} rows)`,
    series: [{ name: nabMetricName(stem), labels: { instance: stem, job: 'replay', dataset: 'nab' }, timestampsMs, values }],
  };
}
