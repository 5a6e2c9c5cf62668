/**
 * Dashboard tab: per log file, volume and error rate per window, p95 latency, anomaly markers (click → the log line)
 * and top templates. Charts are uPlot on canvas, so theme colours are read from the CSS variables and the charts are
 * rebuilt when the editor's theme changes.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type {
  DashboardAnomalyView,
  DashboardFileView,
  DashboardView as DashboardData,
} from '../../src/shared/webviewProtocol';
import { clear, element, proportionBar, shortPath } from '../element';
import type { PanelActions } from '../panelActions';
import type { PanelState } from '../state';
import { button } from './toolkit';

const chartHeight = 150;
const rightAxisPx = 50;
/** How close (CSS px) a click must land to an anomaly marker to open it. */
const markerHitPx = 6;
const severityRank = { error: 0, warning: 1, info: 2 } as const;

interface Palette {
  foreground: string;
  muted: string;
  grid: string;
  volume: string;
  volumeFill: string;
  errorRate: string;
  latency: string;
  error: string;
  warning: string;
  info: string;
}

export class DashboardView {
  private readonly body: HTMLElement;
  private readonly plots: uPlot[] = [];
  private last: DashboardData | undefined;
  private lastWidth = 0;
  private visible = false;
  /** Data or theme changed while the tab was hidden: charts are drawn when it shows, not while the panel opens. */
  private stale = true;

  constructor(
    container: HTMLElement,
    private readonly actions: PanelActions,
  ) {
    this.body = element('div', { class: 'dashboard-files' });
    container.append(
      element(
        'div',
        { class: 'dashboard' },
        element(
          'div',
          { class: 'toolbar' },
          button('Refresh', () => this.actions.refresh('dashboard'), { title: 'Reload the dashboard' }),
        ),
        this.body,
      ),
    );
    new ResizeObserver(() => this.resize()).observe(this.body);
    // VS Code swaps body classes and CSS variables on a theme change without reloading the webview.
    new MutationObserver(() => this.rebuild()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  update(state: PanelState['dashboard']): void {
    if (state.view === this.last) return;
    this.last = state.view;
    this.rebuild();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.rebuild();
  }

  private rebuild(): void {
    if (!this.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    for (const plot of this.plots.splice(0)) plot.destroy();
    clear(this.body);
    const view = this.last;
    if (!view) {
      this.body.append(element('div', { class: 'empty' }, 'Waiting for data from the log watcher…'));
      return;
    }
    if (view.files.length === 0) {
      this.body.append(element('div', { class: 'empty' }, 'No log files watched yet. Set opsCopilot.logGlobs.'));
      return;
    }
    const palette = readPalette();
    for (const file of view.files) this.body.append(this.renderFile(file, view.windowSeconds, palette));
  }

  private resize(): void {
    const width = this.chartWidth();
    if (width === this.lastWidth) return;
    this.lastWidth = width;
    for (const plot of this.plots) plot.setSize({ width, height: chartHeight });
  }

  private chartWidth(): number {
    // A hidden tab measures 0; draw at a sane width and let the observer fix it once the tab shows.
    return Math.max(this.body.clientWidth - 8, 0) || 600;
  }

  private renderFile(file: DashboardFileView, windowSeconds: number, palette: Palette): HTMLElement {
    const totals = file.windows.reduce(
      (sum, window) => ({ count: sum.count + window.count, errors: sum.errors + window.count * window.errorRate }),
      { count: 0, errors: 0 },
    );
    const section = element(
      'section',
      { class: 'card dashboard-file', 'aria-label': `Dashboard for ${file.path}` },
      element(
        'header',
        { class: 'card-header' },
        element('h3', { title: file.path }, shortPath(file.path)),
        element(
          'span',
          { class: 'muted' },
          `${totals.count.toLocaleString()} lines · ${totals.count > 0 ? ((100 * totals.errors) / totals.count).toFixed(1) : '0.0'}% errors · ${file.anomalies.length} anomal${file.anomalies.length === 1 ? 'y' : 'ies'} · ${windowSeconds}s windows`,
        ),
      ),
    );
    if (file.windows.length === 0) {
      section.append(element('div', { class: 'empty' }, 'No records yet.'));
      return section;
    }
    // Timestamps are epoch ms; files without timestamps send window ordinals, which are drawn as plain numbers.
    const timeBased = file.windows[file.windows.length - 1]!.start > 1e11;
    const xs = file.windows.map((window) => (timeBased ? window.start / 1000 : window.start));
    const volumeChart = element('div', { class: 'chart chart-volume' });
    section.append(element('h4', {}, 'Volume and error rate'), volumeChart);
    this.plots.push(
      new uPlot(
        this.options(palette, timeBased, file, xs, [
          { label: 'lines', scale: 'count', stroke: palette.volume, fill: palette.volumeFill, paths: uPlot.paths.bars!({ size: [0.8, 40] }), points: { show: false } },
          { label: 'error %', scale: 'pct', stroke: palette.errorRate, width: 2, points: { show: false } },
        ], [
          { scale: 'count', label: '' },
          { scale: 'pct', side: 1, size: rightAxisPx, label: '', values: (_u: uPlot, ticks: number[]) => ticks.map((tick) => `${tick}%`), grid: { show: false } },
        ]),
        [xs, file.windows.map((window) => window.count), file.windows.map((window) => round(window.errorRate * 100, 2))],
        volumeChart,
      ),
    );
    if (file.windows.some((window) => window.p95Ms !== null)) {
      const latencyChart = element('div', { class: 'chart chart-latency' });
      section.append(element('h4', {}, 'Latency p95'), latencyChart);
      this.plots.push(
        new uPlot(
          this.options(palette, timeBased, file, xs, [
            { label: 'p95 ms', scale: 'ms', stroke: palette.latency, width: 2, spanGaps: false, points: { show: false } },
          ], [
            { scale: 'ms', label: '', values: (_u: uPlot, ticks: number[]) => ticks.map((tick) => `${tick} ms`) },
            // An empty right axis as wide as the error-rate axis, so both charts share one time column.
            { scale: 'ms', side: 1, size: rightAxisPx, values: () => [], grid: { show: false }, ticks: { show: false } },
          ]),
          [xs, file.windows.map((window) => window.p95Ms)],
          latencyChart,
        ),
      );
    }
    if (file.anomalies.length > 0) section.append(this.renderMarkerList(file));
    if (file.topTemplates.length > 0) section.append(this.renderTemplates(file));
    return section;
  }

  private options(
    palette: Palette,
    timeBased: boolean,
    file: DashboardFileView,
    xs: number[],
    series: uPlot.Series[],
    axes: uPlot.Axis[],
  ): uPlot.Options {
    const axisStyle = { stroke: palette.muted, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid, width: 1 } };
    const byWindow = groupByWindow(file.anomalies);
    return {
      width: this.chartWidth(),
      height: chartHeight,
      scales: {
        x: { time: timeBased },
        // Volume, error rate and latency are read against zero; an auto-ranged floor exaggerates small changes.
        count: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        pct: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max))] },
        ms: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      series: [{ label: timeBased ? 'time' : 'window' }, ...series],
      axes: [{ ...axisStyle }, ...axes.map((axis) => ({ ...axisStyle, ...axis, grid: { ...axisStyle.grid, ...(axis.grid ?? {}) } }))],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      hooks: {
        draw: [(u) => drawMarkers(u, xs, byWindow, palette)],
        ready: [(u) => this.wireMarkerClicks(u, file, xs, byWindow)],
      },
    };
  }

  private wireMarkerClicks(u: uPlot, file: DashboardFileView, xs: number[], byWindow: Map<number, DashboardAnomalyView[]>): void {
    const markerAt = (left: number): DashboardAnomalyView | undefined => {
      let best: { anomaly: DashboardAnomalyView; distance: number } | undefined;
      for (const [windowIndex, anomalies] of byWindow) {
        const x = xs[windowIndex];
        if (x === undefined) continue;
        const distance = Math.abs(u.valToPos(x, 'x') - left);
        if (distance <= markerHitPx && (!best || distance < best.distance)) best = { anomaly: anomalies[0]!, distance };
      }
      return best?.anomaly;
    };
    u.over.addEventListener('mousemove', (event) => {
      const anomaly = markerAt(event.offsetX);
      u.over.style.cursor = anomaly ? 'pointer' : '';
      u.over.title = anomaly ? `${anomaly.title ?? anomaly.type} — line ${anomaly.line} (click to open)` : '';
    });
    u.over.addEventListener('click', (event) => {
      const anomaly = markerAt(event.offsetX);
      if (anomaly) this.actions.openLocation({ file: file.path, line: anomaly.line });
    });
  }

  private renderMarkerList(file: DashboardFileView): HTMLElement {
    return element(
      'div',
      { class: 'markers' },
      element('h4', {}, 'Anomalies on the timeline'),
      element(
        'ul',
        {},
        ...file.anomalies.map((anomaly) =>
          element(
            'li',
            {},
            element('span', { class: `dot sev-${anomaly.severity}`, 'aria-hidden': 'true' }),
            element(
              'button',
              {
                class: 'link marker',
                'data-anomaly-id': anomaly.id,
                title: 'Open the log line',
                onclick: () => this.actions.openLocation({ file: file.path, line: anomaly.line }),
              },
              `${anomaly.title ?? anomaly.type.replace(/_/g, ' ')} — line ${anomaly.line}`,
            ),
          ),
        ),
      ),
    );
  }

  private renderTemplates(file: DashboardFileView): HTMLElement {
    const max = Math.max(...file.topTemplates.map((template) => template.count), 1);
    return element(
      'div',
      { class: 'templates' },
      element('h4', {}, 'Top templates'),
      element(
        'table',
        {},
        element('thead', {}, element('tr', {}, element('th', {}, 'Count'), element('th', {}, 'Template'))),
        element(
          'tbody',
          {},
          ...file.topTemplates.map((template) =>
            element(
              'tr',
              {},
              element(
                'td',
                { class: 'count' },
                proportionBar(template.count / max),
                template.count.toLocaleString(),
              ),
              element(
                'td',
                { class: 'pattern' },
                template.exampleLine !== undefined
                  ? element(
                      'button',
                      {
                        class: 'link mono',
                        title: `Open an example (line ${template.exampleLine})`,
                        onclick: () => this.actions.openLocation({ file: file.path, line: template.exampleLine! }),
                      },
                      template.pattern,
                    )
                  : element('code', {}, template.pattern),
              ),
            ),
          ),
        ),
      ),
    );
  }
}

function groupByWindow(anomalies: readonly DashboardAnomalyView[]): Map<number, DashboardAnomalyView[]> {
  const byWindow = new Map<number, DashboardAnomalyView[]>();
  for (const anomaly of anomalies) {
    const list = byWindow.get(anomaly.windowIndex) ?? [];
    list.push(anomaly);
    byWindow.set(anomaly.windowIndex, list);
  }
  for (const list of byWindow.values()) list.sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
  return byWindow;
}

function drawMarkers(u: uPlot, xs: number[], byWindow: Map<number, DashboardAnomalyView[]>, palette: Palette): void {
  const { ctx, bbox } = u;
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  for (const [windowIndex, anomalies] of byWindow) {
    const x = xs[windowIndex];
    if (x === undefined) continue;
    const left = Math.round(u.valToPos(x, 'x', true));
    const colour = palette[anomalies[0]!.severity];
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = ratio;
    ctx.setLineDash([4 * ratio, 3 * ratio]);
    ctx.beginPath();
    ctx.moveTo(left, bbox.top);
    ctx.lineTo(left, bbox.top + bbox.height);
    ctx.stroke();
    ctx.setLineDash([]);
    const size = 5 * ratio;
    ctx.beginPath();
    ctx.moveTo(left - size, bbox.top);
    ctx.lineTo(left + size, bbox.top);
    ctx.lineTo(left, bbox.top + size * 1.4);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
}

function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const variable = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const foreground = variable('--vscode-foreground', 'currentColor');
  const volume = variable('--vscode-charts-blue', foreground);
  return {
    foreground,
    muted: variable('--vscode-descriptionForeground', foreground),
    grid: variable('--vscode-charts-lines', variable('--vscode-widget-border', 'rgba(128,128,128,0.25)')),
    volume,
    volumeFill: withAlpha(volume, 0.45),
    errorRate: variable('--vscode-charts-red', foreground),
    latency: variable('--vscode-charts-purple', foreground),
    error: variable('--vscode-charts-red', foreground),
    warning: variable('--vscode-charts-yellow', foreground),
    info: variable('--vscode-charts-blue', foreground),
  };
}

/** Theme colours come as #rrggbb (or #rrggbbaa); bars need a translucent fill of the same hue. */
function withAlpha(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(colour);
  if (!hex) return colour;
  const value = parseInt(hex[1]!, 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
