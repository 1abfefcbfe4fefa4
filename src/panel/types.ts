/** Options of the risk panel (saved in the dashboard JSON). */
export interface RiskPanelOptions {
  /** Risk (0–1) at which a predicted-failure alert is raised; drawn as a line. */
  threshold: number;
  /** How far ahead the risk looks, in minutes (shown with the threshold). */
  horizonMinutes: number;
}

export const DEFAULT_PANEL_OPTIONS: RiskPanelOptions = { threshold: 0.8, horizonMinutes: 15 };
