import type { ReplyFile } from '../../src/chat/index.ts';
import type { Button, OutgoingMessage } from '../../src/core/index.ts';

/**
 * Draws a reply as plain lines. Action buttons become numbered options the
 * user answers by typing the number; link buttons print their address.
 */
export function formatReply(reply: OutgoingMessage & { file?: ReplyFile }, firstNumber: number): { lines: string[]; actions: string[] } {
  // A terminal has no files: the content is printed after the text.
  const lines = reply.file ? [reply.text, reply.file.content.trimEnd()] : [reply.text];
  const actions: string[] = [];
  for (const row of reply.buttons ?? []) {
    const cells = row.map((button: Button) => {
      if ('url' in button) return `${button.label}: ${button.url}`;
      actions.push(button.action);
      return `[${firstNumber + actions.length - 1}] ${button.label}`;
    });
    lines.push('  ' + cells.join('   '));
  }
  return { lines, actions };
}
