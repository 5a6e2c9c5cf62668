/** Every `ops-copilot` subcommand. Add a command: write commands/<name>.ts and list it here. */
import type { CliCommand } from './cliCommand';

export const commandList: CliCommand[] = [];
