/**
 * Files on CloudBase storage, through the real node-sdk: only its API request (`tcbapirequester.request`)
 * is answered here, and the download it then makes goes to a local HTTP server standing in for the
 * storage's temporary URL. What the storage service itself answers is assumed from the SDK's code
 * (an entry code per file) and settles only against a real environment.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloudbaseFiles } from './files';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requester = require('@cloudbase/node-sdk/dist/utils/tcbapirequester') as { request: (args: { params: Record<string, unknown> }) => Promise<unknown> };

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/stored.pdf') res.end(Buffer.from('%PDF-1.4 stored'));
    else if (req.url === '/broken') res.writeHead(500).end('oops');
    else res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

/** The storage API's answer for each fileID, as `storage.batchGetDownloadUrl` reports it. */
const entries: Record<string, { code: string; message?: string; tempFileURL?: string }> = {
  'cloud://env.bucket/uploads/stored.pdf': { code: 'SUCCESS', tempFileURL: '/stored.pdf' },
  'cloud://env.bucket/uploads/gone.pdf': { code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exist' },
  'cloud://env.bucket/uploads/deleted-since.pdf': { code: 'SUCCESS', tempFileURL: '/deleted-since.pdf' },
  'cloud://env.bucket/uploads/broken.pdf': { code: 'SUCCESS', tempFileURL: '/broken' },
  'cloud://env.bucket/uploads/denied.pdf': { code: 'STORAGE_EXCEED_AUTHORITY', message: 'no permission' },
};

beforeEach(() => {
  jest.spyOn(requester, 'request').mockImplementation(async ({ params }) => {
    if (params.action !== 'storage.batchGetDownloadUrl') throw new Error(`unexpected ${String(params.action)}`);
    const list = (params.file_list as Array<{ fileid: string }>).map(({ fileid }) => {
      const e = entries[fileid];
      return { fileid, ...e, tempFileURL: e.tempFileURL ? `${base}${e.tempFileURL}` : undefined };
    });
    return { requestId: 'r', data: { download_list: list } };
  });
});
afterEach(() => jest.restoreAllMocks());

describe('CloudBase files: get', () => {
  const files = cloudbaseFiles({ env: 'test-env' });

  it('reads a stored file', async () => {
    expect(Buffer.from((await files.get('cloud://env.bucket/uploads/stored.pdf'))!).toString()).toBe('%PDF-1.4 stored');
  });

  it('answers null for a file that does not exist (the SDK throws), or whose download is gone', async () => {
    await expect(files.get('cloud://env.bucket/uploads/gone.pdf')).resolves.toBeNull();
    await expect(files.get('cloud://env.bucket/uploads/deleted-since.pdf')).resolves.toBeNull();
  });

  it('still fails on anything else', async () => {
    await expect(files.get('cloud://env.bucket/uploads/denied.pdf')).rejects.toMatchObject({ code: 'STORAGE_EXCEED_AUTHORITY' });
    await expect(files.get('cloud://env.bucket/uploads/broken.pdf')).rejects.toMatchObject({ code: 'STORAGE_REQUEST_FAIL' });
  });
});

describe('CloudBase files: url (a short-lived download address)', () => {
  const files = cloudbaseFiles({ env: 'test-env' });
  const opts = { maxAgeSeconds: 300, filename: '选举结果.pdf', contentType: 'application/pdf' };

  it('asks getTempFileURL for the file with its max age and answers the temporary URL', async () => {
    expect(await files.url('cloud://env.bucket/uploads/stored.pdf', opts)).toBe(`${base}/stored.pdf`);
    const sent = (requester.request as jest.Mock).mock.calls[0][0].params;
    expect(sent).toEqual({
      action: 'storage.batchGetDownloadUrl',
      file_list: [{ fileid: 'cloud://env.bucket/uploads/stored.pdf', max_age: 300, url_type: undefined }],
    });
  });

  it('answers null for a file that does not exist, and fails on anything else', async () => {
    await expect(files.url('cloud://env.bucket/uploads/gone.pdf', opts)).resolves.toBeNull();
    await expect(files.url('cloud://env.bucket/uploads/denied.pdf', opts)).rejects.toThrow(/STORAGE_EXCEED_AUTHORITY/);
  });
});
