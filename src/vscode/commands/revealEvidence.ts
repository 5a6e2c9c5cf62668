/** Opens a log at a 1-based line; files the editor will not open (over its size limit) get a clear message. */
import * as vscode from 'vscode';

export async function revealEvidence(file: string | vscode.Uri, line: number): Promise<void> {
  const uri = typeof file === 'string' ? vscode.Uri.file(file) : file;
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  try {
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
  } catch (error) {
    void vscode.window.showWarningMessage(
      `Ops Copilot: could not open ${uri.fsPath} at line ${line} (${error instanceof Error ? error.message : String(error)}). Very large files cannot be opened in the editor.`,
    );
  }
}
