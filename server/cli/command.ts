export interface CliCommand {
  /** One or two words: `codebook`, `user add`. */
  name: string;
  summary: string;
  options?: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  run(input: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<number>;
}
