export const x: string = Deno.cwd() + process.cwd();
