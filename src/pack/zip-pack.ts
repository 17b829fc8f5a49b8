import { join } from 'node:path';
import type { Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * A pack folder as one ZIP, streamed (files are read as the archive is
 * consumed, nothing is held whole in memory). Entries carry the snapshot's
 * instant as their time and fixed permissions, so the ZIP of a final pack is
 * byte-identical too.
 *
 * @example zipPack('pack', result.files, result.snapshot.frozenAt).pipe(upload)
 */
export function zipPack(dir: string, files: readonly string[], at: Date): Readable {
  const zip = new yazl.ZipFile();
  for (const file of files) zip.addFile(join(dir, file), file, { mtime: at, mode: 0o100644, compress: true });
  zip.end();
  return zip.outputStream as Readable;
}
