/** The panel's HTML shell; pure so the browser preview serves exactly what the editor shows, CSP included. */

export interface PanelHtmlOptions {
  /** webview.cspSource in the editor; the preview's origin otherwise. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: readonly string[];
}

export function renderPanelHtml(options: PanelHtmlOptions): string {
  const { cspSource, nonce } = options;
  // No 'unsafe-inline' anywhere: scripts need the nonce, styles come from our own files or constructed stylesheets.
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const styles = options.styleUris
    .map((uri) => `  <link rel="stylesheet" href="${escapeAttribute(uri)}" nonce="${nonce}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <!-- FAST (under the toolkit) reads this to nonce the <style> it probes focus-visible support with. -->
  <meta property="csp-nonce" content="${nonce}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>Ops Copilot</title>
</head>
<body>
  <div id="root" aria-busy="true"></div>
  <script nonce="${nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
