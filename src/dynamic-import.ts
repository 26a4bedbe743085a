// import() of ES modules outside this project (yargs; module libraries). The
// CLI's executable compiles its bundle with a V8 code cache, and code loaded
// from a code cache cannot run import() itself in Node 20: the executable
// then provides an importer from its own module, which can.
type Importer = (specifier: string) => Promise<unknown>;

export function dynamicImport<T>(specifier: string): Promise<T> {
  const provided = (globalThis as { __mesosContainerizerImport?: Importer }).__mesosContainerizerImport;
  return (provided ? provided(specifier) : import(specifier)) as Promise<T>;
}
