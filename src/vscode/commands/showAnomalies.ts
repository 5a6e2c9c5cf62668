/** "Ops: Show Anomalies": a QuickPick across files, most severe first; accepting one jumps to its line. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Anomaly } from '../../core/detection/anomaly';
import type { OpsServices } from '../opsServices';
import { revealEvidence } from './revealEvidence';

interface AnomalyPick extends vscode.QuickPickItem {
  anomaly: Anomaly;
}

const icon = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;

export async function showAnomalies(services: OpsServices): Promise<Anomaly | undefined> {
  const anomalies = services.store.all();
  if (anomalies.length === 0) {
    void vscode.window.showInformationMessage(
      services.isPaused() ? 'Ops Copilot: log watching is paused.' : 'Ops Copilot: no anomalies in the watched logs.',
    );
    return undefined;
  }
  const items: AnomalyPick[] = anomalies.map((anomaly) => {
    const line = anomaly.evidence[0]?.line ?? anomaly.firstLine;
    return {
      anomaly,
      label: `${icon[anomaly.severity]} ${anomaly.title}`,
      description: `${path.basename(anomaly.file)}:${line}`,
      detail: anomaly.explanation,
    };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Ops Copilot: ${anomalies.length} anomalies`,
    placeHolder: 'Jump to an anomaly',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  await revealEvidence(picked.anomaly.file, picked.anomaly.evidence[0]?.line ?? picked.anomaly.firstLine);
  return picked.anomaly;
}
