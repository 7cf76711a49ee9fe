/**
 * A streamed response from a line generator (audit exports): pulled as the
 * client reads, so memory stays flat at any size; a client that hangs up
 * stops the generator.
 */
export function streamLines(
  { lines, contentType, filename }: { lines: () => AsyncGenerator<string>; contentType: string; filename?: string },
  headers: Record<string, string> = {},
): Response {
  const encoder = new TextEncoder();
  const iterator = lines();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Cache-Control": "no-store",
      ...(filename ? { "Content-Disposition": `attachment; filename="${filename}"` } : {}),
      ...headers,
    },
  });
}
