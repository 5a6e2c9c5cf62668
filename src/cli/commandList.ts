/** Every `ops-copilot` subcommand. Add a command: write commands/<name>.ts and list it here. */
import type { CliCommand } from './cliCommand';
import { demoCommand } from './commands/demo';
import { generateCommand } from './commands/generate';
import { scanCommand } from './commands/scan';
import { parseCommand } from './commands/parse';
import { templatesCommand } from './commands/templates';
import { classifyCommand } from './commands/classify';
import { remediateCommand } from './commands/remediate';
import { analyzeCommand } from './commands/analyze';
import { askCommand } from './commands/ask';
import { searchCommand } from './commands/search';
import { indexCommand } from './commands/index';

import { checkCommandCommand } from './commands/checkCommand';
import { redactCommand } from './commands/redact';
import { evalCommand } from './commands/eval';
import { llmCheckCommand } from './commands/llmCheck';
import { tasksCommand } from './commands/tasks';
import { feedbackCommand } from './commands/feedback';
export const commandList: CliCommand[] = [templatesCommand, parseCommand, demoCommand, scanCommand, generateCommand, classifyCommand, remediateCommand, analyzeCommand, askCommand, searchCommand, indexCommand, checkCommandCommand, redactCommand, evalCommand, llmCheckCommand, tasksCommand, feedbackCommand];
