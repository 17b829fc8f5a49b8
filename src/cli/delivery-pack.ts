/**
 * `npm run delivery:pack -- --out DIR [--country CC] [--final]`: freezes the
 * signatures and writes the delivery pack, with the same configuration as
 * `npm start`. Before the close it makes an interim pack (`--final` refuses);
 * at or after the close the first run makes the final snapshot and every
 * later run makes the same files again from it.
 */
import { parseArgs } from 'node:util';
import { runCli, withApp } from './cli-run.ts';
import { writeDeliveryPack } from '../pack/write-pack.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, country: { type: 'string' }, final: { type: 'boolean', default: false } } });
  if (!values.out) {
    process.stderr.write('Usage: npm run delivery:pack -- --out DIR [--country CC] [--final]\n');
    return 2;
  }
  const out = values.out;
  return withApp(async (app, config) => {
    const result = await writeDeliveryPack(app.core, {
      out,
      country: values.country ?? null,
      final: values.final,
      actor: 'cli:delivery-pack',
      publicUrl: config.publicUrl,
      onFile: (file, done, of) => process.stdout.write(`  ${file} (${done}/${of})\n`),
    });
    const { snapshot, manifest } = result;
    const kind = snapshot.final ? (result.reused ? 'final (the existing final snapshot, unchanged)' : 'final') : 'interim';
    process.stdout.write(
      `${manifest.campaign}: ${kind} pack frozen at ${manifest.frozenAt}, ${manifest.total} online + ${manifest.paperTotal} paper signatures from ${manifest.nations} nations\n` +
        `fingerprint (Merkle root, leaf format v${manifest.leafFormatVersion}): ${manifest.merkleRoot}\n` +
        (manifest.verifyUrl
          ? `receipts are checked at ${manifest.verifyUrl} (QR code in every PDF)\n`
          : 'PUBLIC_URL is not set: the PDFs print the fingerprint without a verification address or QR code\n') +
        `${result.files.length} files in ${values.out}\n`,
    );
    return 0;
  });
}

runCli(main, 'Pack failed');
