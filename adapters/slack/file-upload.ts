import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { App } from '@slack/bolt';

type WebClient = App['client'];

/** A file to share: on disk (streamed) or a small text made in memory. */
export type UploadSource = { filename: string; title: string } & ({ path: string } | { content: string });

/**
 * The three steps of files.uploadV2 (files.getUploadURLExternal, POST the
 * bytes to the returned upload_url, files.completeUploadExternal), done here
 * because the client's filesUploadV2 reads a stream wholly into a Buffer
 * first. Files on disk are streamed, so the upload's memory does not grow
 * with the export.
 *
 * @example await uploadFiles(client, { channelId: 'C1', comment: 'Export', files: [{ path, filename: 'a.csv', title: 'A' }] })
 */
export async function uploadFiles(
  client: WebClient,
  upload: { channelId: string; comment: string; files: UploadSource[] },
): Promise<void> {
  const uploaded: Array<{ id: string; title: string }> = [];
  for (const file of upload.files) {
    const length = 'path' in file ? (await stat(file.path)).size : Buffer.byteLength(file.content);
    const target = await client.files.getUploadURLExternal({ filename: file.filename, length });
    if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal gave no upload_url');
    const body = 'path' in file ? createReadStream(file.path) : Buffer.from(file.content);
    await postBytes(target.upload_url, body, length);
    uploaded.push({ id: target.file_id, title: file.title });
  }
  await client.files.completeUploadExternal({
    files: uploaded as [{ id: string; title: string }],
    channel_id: upload.channelId,
    initial_comment: upload.comment,
  });
}

function postBytes(url: string, body: Readable | Buffer, length: number): Promise<void> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<void>((resolve, reject) => {
    const req = send(target, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`file upload answered HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else pipeline(body, req).catch(reject);
  });
}
