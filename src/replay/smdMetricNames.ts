/**
 * SMD's 38 columns as node_exporter-like gauge names. The column names come from third-party
 * documentation of the dataset (see ../shared/datasets/README.md) and are probable, not confirmed;
 * the values are min-max scaled to [0, 1] per machine, so every series also carries
 * `scaled="minmax"` and none of them claims real units. Rates of node_exporter counters appear
 * as `_rate` gauges because SMD recorded per-minute readings, not counters.
 */
export const SMD_METRIC_NAMES: Record<string, string> = {
  cpu_r: 'node_cpu_busy_ratio',
  load_1: 'node_load1',
  load_5: 'node_load5',
  load_15: 'node_load15',
  mem_shmem: 'node_memory_Shmem_ratio',
  mem_u: 'node_memory_used_ratio',
  mem_u_e: 'node_memory_used_excluding_cache_ratio',
  total_mem: 'node_memory_MemTotal_scaled',
  disk_q: 'node_disk_queue_length',
  disk_r: 'node_disk_reads_completed_rate',
  disk_rb: 'node_disk_read_bytes_rate',
  disk_svc: 'node_disk_service_time_seconds',
  disk_u: 'node_disk_io_time_ratio',
  disk_w: 'node_disk_writes_completed_rate',
  disk_wa: 'node_disk_write_await_seconds',
  disk_wb: 'node_disk_written_bytes_rate',
  si: 'node_vmstat_pswpin_rate',
  so: 'node_vmstat_pswpout_rate',
  eth1_fi: 'node_network_receive_bytes_rate',
  eth1_fo: 'node_network_transmit_bytes_rate',
  eth1_pi: 'node_network_receive_packets_rate',
  eth1_po: 'node_network_transmit_packets_rate',
  tcp_tw: 'node_sockstat_TCP_tw',
  tcp_use: 'node_sockstat_TCP_inuse',
  active_opens: 'node_netstat_Tcp_ActiveOpens_rate',
  curr_estab: 'node_netstat_Tcp_CurrEstab',
  in_errs: 'node_netstat_Tcp_InErrs_rate',
  in_segs: 'node_netstat_Tcp_InSegs_rate',
  listen_overflows: 'node_netstat_TcpExt_ListenOverflows_rate',
  out_rsts: 'node_netstat_Tcp_OutRsts_rate',
  out_segs: 'node_netstat_Tcp_OutSegs_rate',
  passive_opens: 'node_netstat_Tcp_PassiveOpens_rate',
  retransegs: 'node_netstat_Tcp_RetransSegs_rate',
  tcp_timeouts: 'node_netstat_TcpExt_TCPTimeouts_rate',
  udp_in_dg: 'node_netstat_Udp_InDatagrams_rate',
  udp_out_dg: 'node_netstat_Udp_OutDatagrams_rate',
  udp_rcv_buf_errs: 'node_netstat_Udp_RcvbufErrors_rate',
  udp_snd_buf_errs: 'node_netstat_Udp_SndbufErrors_rate',
};

/** ASD's columns are anonymised (m00 … m18): no honest node_exporter name exists for them. */
export function asdMetricName(column: string): string {
  return `asd_${column}`;
}
