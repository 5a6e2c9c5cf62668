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

export const commandList: CliCommand[] = [templatesCommand, parseCommand, demoCommand, scanCommand, generateCommand, classifyCommand, remediateCommand, analyzeCommand, askCommand, searchCommand, indexCommand];
