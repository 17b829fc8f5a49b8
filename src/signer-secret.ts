import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The embedded setup has no one to hand it a secret, so it makes one on the
 * first start and keeps it beside the database: losing it would make every
 * signer look new. Servers must set SIGNER_KEY_SECRET (config enforces it).
 */
export async function embeddedSignerSecret(dataDir: string): Promise<string> {
  return embeddedSecret(dataDir, 'signer-key');
}

/**
 * The keys that encrypt stored addresses in the embedded setup, one a line in
 * `address-keys` (made on the first start). To rotate, put a new line first
 * and run `npm run keys:rotate`; old lines may go once it has run.
 */
export async function embeddedAddressKeys(dataDir: string): Promise<string[]> {
  await embeddedSecret(dataDir, 'address-keys');
  const lines = (await readFile(join(dataDir, 'address-keys'), 'utf8')).split('\n').map((l) => l.trim());
  return lines.filter((l) => l.length >= 32);
}

async function embeddedSecret(dataDir: string, name: string): Promise<string> {
  const path = join(dataDir, name);
  try {
    const existing = (await readFile(path, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // Not made yet.
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  // 'wx' fails if another start made it meanwhile; then use theirs.
  try {
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return (await readFile(path, 'utf8')).trim();
  }
}
