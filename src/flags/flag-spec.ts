// A flag, declared once: the containerizer CLI's two parsers and the agent's
// parser all read these declarations. Flags are Mesos-style: --name=value.
export type FlagType = 'string' | 'boolean' | 'number' | 'array';

export interface FlagSpec {
  type: FlagType;
  describe: string;
  default?: string | number | boolean;
  choices?: readonly string[];
  required?: boolean;
}

export type ParsedArgs = Record<string, unknown> & { '--'?: string[] };
