/** Types for `linebreak` (the Unicode line breaking algorithm, UAX #14), which ships none. */
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    /** The next break opportunity (a position in UTF-16 code units), or null at the end. */
    nextBreak(): { position: number; required: boolean } | null;
  }
}
