import { Containerizer } from '../containerizer/containerizer.js';
import { optionsFrom } from './options-from-args.js';
import type { ParsedArgs } from './spec.js';

/** The Containerizer the flags describe; flags a command lacks keep their defaults. */
export async function containerizerFrom(args: ParsedArgs): Promise<Containerizer> {
  return new Containerizer(await optionsFrom(args));
}
