// tr46 ships CommonJS without declarations; these cover what we use.
declare module 'tr46' {
  export interface Tr46Options {
    checkHyphens?: boolean;
    checkBidi?: boolean;
    /** Apply the RFC 5892 CONTEXTJ rules to ZWNJ/ZWJ. */
    checkJoiners?: boolean;
    useSTD3ASCIIRules?: boolean;
    transitionalProcessing?: boolean;
    ignoreInvalidPunycode?: boolean;
  }
  export function toUnicode(domainName: string, options?: Tr46Options): { domain: string; error: boolean };
  const tr46: { toUnicode: typeof toUnicode };
  export default tr46;
}
