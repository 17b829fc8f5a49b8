/** Says once, up front, whether the real-Postgres suites run. */
export default function setup(): void {
  if (process.env.TEST_DATABASE_URL) {
    process.stdout.write(`\n[storage] real Postgres suites ON (${redact(process.env.TEST_DATABASE_URL)})\n`);
  } else {
    process.stdout.write(
      '\n[storage] TEST_DATABASE_URL is not set: the real-Postgres suites are SKIPPED; everything ran on PGlite.\n' +
        '          Set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (as .ci/run does) to run them.\n',
    );
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
}
