// The package ships plain ESM with JSDoc and no declarations; these cover what we use.
declare module 'unicode-script' {
  /**
   * The UTS #39 resolved script set of a string (ISO 15924 codes, with the
   * augmented sets Hanb, Jpan and Kore); empty when the string mixes scripts.
   */
  export function unicodeResolvedScriptCodes(text: string): Set<string>;
  /** UTS #39 mixed-script detection: true when the resolved script set is empty. */
  export function isMixedScript(text: string): boolean;
}
