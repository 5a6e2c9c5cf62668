/** Every id the extension contributes, mirroring package.json `contributes`; a unit test keeps the two in sync. */

export const extensionName = 'opsCopilot';

export const commandIds = {
  analyzeLog: 'opsCopilot.analyzeLog',
  showAnomalies: 'opsCopilot.showAnomalies',
  generateSampleLogs: 'opsCopilot.generateSampleLogs',
  pauseWatching: 'opsCopilot.pauseWatching',
  resumeWatching: 'opsCopilot.resumeWatching',
  askAboutAnomaly: 'opsCopilot.askAboutAnomaly',
  ignorePattern: 'opsCopilot.ignorePattern',
  revealEvidence: 'opsCopilot.revealEvidence',
  showLogs: 'opsCopilot.showLogs',
  setAlertWebhookUrl: 'opsCopilot.setAlertWebhookUrl',
  clearAlertWebhookUrl: 'opsCopilot.clearAlertWebhookUrl',
  sendTestAlert: 'opsCopilot.sendTestAlert',
} as const;

export const viewContainerIds = {
  ops: 'opsCopilot',
} as const;

export const viewIds = {
  anomalies: 'opsCopilot.anomalies',
  runbooks: 'opsCopilot.runbooks',
} as const;

export const contextKeys = {
  watchingPaused: 'opsCopilot.watchingPaused',
} as const;

/** The configuration section: setting keys in core/settings.ts are relative to it. */
export const configurationSection = 'opsCopilot';

export const diagnosticCollectionName = 'ops';
export const diagnosticSource = 'ops';
export const outputChannelName = 'Ops Copilot';

/** The @ops chat participant, our language-model vendor and the copilot's commands. */
export const chatIds = {
  participant: 'opsCopilot.ops',
  participantName: 'ops',
  modelVendor: 'ops-copilot',
  openPanelCommand: 'opsCopilot.openPanel',
  runStepCommand: 'opsCopilot.runStep',
  setApiKeyCommand: 'opsCopilot.setApiKey',
  checkConnectionCommand: 'opsCopilot.checkLlmConnection',
  previewPayloadCommand: 'opsCopilot.previewPayload',
  searchRunbooksCommand: 'opsCopilot.searchRunbooks',
  rebuildIndexCommand: 'opsCopilot.rebuildRunbookIndex',
  exportFeedbackCommand: 'opsCopilot.exportFeedback',
  correctClassificationCommand: 'opsCopilot.correctClassification',
} as const;

/** Read-only tools for the editor's agent mode (languageModelTools). */
export const toolNames = {
  findAnomalies: 'ops_findAnomalies',
  searchRunbooks: 'ops_searchRunbooks',
  getLogWindow: 'ops_getLogWindow',
  classifyIncident: 'ops_classifyIncident',
} as const;

/** Incident tasks: the Tasks view, its inline actions, history and the postmortem export. */
export const taskIds = {
  view: 'opsCopilot.tasks',
  startTaskCommand: 'opsCopilot.startTask',
  runTaskStepCommand: 'opsCopilot.runTaskStep',
  markStepDoneCommand: 'opsCopilot.markStepDone',
  markStepFailedCommand: 'opsCopilot.markStepFailed',
  skipStepCommand: 'opsCopilot.skipStep',
  resetStepCommand: 'opsCopilot.resetStep',
  addTaskNoteCommand: 'opsCopilot.addTaskNote',
  setCheckCommand: 'opsCopilot.setTaskCheck',
  resolveTaskCommand: 'opsCopilot.resolveTask',
  abandonTaskCommand: 'opsCopilot.abandonTask',
  reopenTaskCommand: 'opsCopilot.reopenTask',
  showTaskHistoryCommand: 'opsCopilot.showTaskHistory',
  exportPostmortemCommand: 'opsCopilot.exportTaskPostmortem',
  /** Tree item context values, for menus. */
  taskItem: 'opsCopilot.task',
  stepItem: 'opsCopilot.step',
  checkItem: 'opsCopilot.check',
} as const;
