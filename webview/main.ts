// Entry of the Ops Copilot panel (browser). The views arrive with the panel issue; this keeps the bundle building.
const root = document.getElementById('root');
if (root) root.textContent = 'Ops Copilot';
