import type { Logger } from '../../core/logger';

/** Keeps log lines so tests can assert on what was reported. */
export class MemoryLogger implements Logger {
  readonly lines: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error'; message: string }[] = [];

  trace(message: string): void {
    this.lines.push({ level: 'trace', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string | Error): void {
    this.lines.push({ level: 'error', message: message instanceof Error ? message.message : message });
  }

  messages(level?: MemoryLogger['lines'][number]['level']): string[] {
    return this.lines.filter((l) => !level || l.level === level).map((l) => l.message);
  }
}
