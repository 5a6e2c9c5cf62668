/** Every `ops-copilot` subcommand. Add a command: write commands/<name>.ts and list it here. */
import type { CliCommand } from './cliCommand';
import { demoCommand } from './commands/demo';
import { generateCommand } from './commands/generate';
import { scanCommand } from './commands/scan';
import { parseCommand } from './commands/parse';
import { templatesCommand } from './commands/templates';

export const commandList: CliCommand[] = [templatesCommand, parseCommand, demoCommand, scanCommand, generateCommand];
