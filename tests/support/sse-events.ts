/** The data of each Server-Sent Event on a stream (a gateway `:watch` answer), parsed as JSON, one at a time. */
export function sseEvents<Data = { state?: string; analysisId?: string }>(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  return {
    async next(): Promise<Data> {
      for (;;) {
        const line = /^data: (.*)$/m.exec(buffered);
        if (line) {
          buffered = buffered.slice(line.index + line[0].length);
          return JSON.parse(line[1]!) as Data;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffered += value;
      }
    },
    cancel: () => reader.cancel(),
  };
}
