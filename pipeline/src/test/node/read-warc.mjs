// Prints every record of the WARC files given, one JSON object a line, as warcio.js reads them.
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
import { WARCParser } from "warcio";

for (const file of process.argv.slice(2)) {
  const parser = new WARCParser(createReadStream(file));
  for await (const record of parser) {
    const payload = await record.readFully(false);
    const http = record.httpHeaders;
    console.log(JSON.stringify({
      file,
      offset: parser.offset,
      length: parser.recordLength,
      type: record.warcType,
      id: record.warcHeader("WARC-Record-ID"),
      uri: record.warcTargetURI ?? null,
      date: record.warcDate ?? null,
      concurrentTo: record.warcHeader("WARC-Concurrent-To") ?? null,
      truncated: record.warcHeader("WARC-Truncated") ?? null,
      payloadDigest: record.warcPayloadDigest ?? null,
      status: http && http.statusCode ? Number(http.statusCode) : null,
      headers: http ? Object.fromEntries(http.headers.entries()) : null,
      payloadSha1: createHash("sha1").update(payload).digest("base64"),
      payloadLength: payload.length,
      text: record.warcType === "metadata" || record.warcType === "warcinfo"
        ? new TextDecoder().decode(payload) : null,
    }));
  }
}
