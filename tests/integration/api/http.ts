import { request } from 'node:http';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => { ok: boolean; result?: unknown; error?: { code: string; message: string } };
}

/** A raw HTTP call to the loopback server, with full control over Host and the other headers. */
export function http(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { Host: `127.0.0.1:${port}`, ...headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) });
        });
      },
    );
    // The server may answer (413) and close before the whole body is sent.
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(e)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** POST /api/<name> with the token, as the renderer does. */
export async function api(port: number, token: string, name: string, args: unknown) {
  const reply = await http(
    port,
    'POST',
    `/api/${name}`,
    { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    JSON.stringify(args),
  );
  return reply.json();
}
