// The sandbox's `drop` fault under Deno: the client must see the connection end with no answer.
export function denoDropCases() {
  return [];
}
