/**
 * The platforms' documented limits on what a bot may send, and checks that
 * refuse a payload the real platform would refuse. The fake API servers use
 * them, so an adapter that sends too much fails in the tests as it would in
 * production; the locale-length test checks every translated string with
 * the same numbers.
 */

/** A lone UTF-16 surrogate: not encodable as UTF-8, so Telegram refuses the whole call. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Every string anywhere in a JSON value, with its path (for surrogate checks). */
function* stringsIn(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsIn(v, `${path}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* stringsIn(v, path ? `${path}.${k}` : k);
}

/** Collects reasons; the payload is refused when there is at least one. */
class Problems {
  readonly list: string[] = [];
  max(what: string, value: string | undefined | null, limit: number, length: (s: string) => number = (s) => s.length): void {
    if (value != null && length(value) > limit) this.list.push(`${what} is ${length(value)} long, over ${limit}`);
  }
  count(what: string, items: unknown[] | undefined | null, limit: number): void {
    if (items && items.length > limit) this.list.push(`${what} has ${items.length}, over ${limit}`);
  }
  require(what: string, ok: boolean): void {
    if (!ok) this.list.push(what);
  }
}

// ---------------------------------------------------------------- Telegram

/**
 * Telegram Bot API limits (https://core.telegram.org/bots/api):
 * sendMessage/editMessageText `text` 1-4096 characters after entity parsing
 * (#sendmessage); InlineKeyboardButton `callback_data` 1-64 bytes
 * (#inlinekeyboardbutton); answerCallbackQuery `text` 0-200 characters
 * (#answercallbackquery); BotCommand `command` 1-32 and `description` 1-256
 * characters (#botcommand); setMyDescription 0-512 and
 * setMyShortDescription 0-120 characters. Strings must be valid UTF-8
 * ("Bad Request: strings must be encoded in UTF-8"), so a lone surrogate fails.
 */
export const TELEGRAM = {
  messageText: 4096,
  callbackData: 64,
  callbackAnswer: 200,
  commandName: 32,
  commandDescription: 256,
  description: 512,
  shortDescription: 120,
} as const;

/** Why Telegram would refuse this call, or null. */
export function telegramRefusal(method: string, body: Record<string, any>): string | null {
  const p = new Problems();
  for (const [path, text] of stringsIn(body)) if (LONE_SURROGATE.test(text)) p.list.push(`${path} has a lone surrogate: strings must be encoded in UTF-8`);
  if (method === 'sendMessage' || method === 'editMessageText') {
    const text = String(body.text ?? '');
    p.require('message text is empty', text.trim().length > 0);
    p.max('message text', text, TELEGRAM.messageText);
  }
  const markup = typeof body.reply_markup === 'string' ? JSON.parse(body.reply_markup) : body.reply_markup;
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) {
      p.require('button text is empty', String(button.text ?? '').length > 0);
      if ('callback_data' in button) {
        p.require('callback_data is empty', String(button.callback_data).length > 0);
        p.max('callback_data', button.callback_data, TELEGRAM.callbackData, utf8Bytes);
      }
    }
  }
  if (method === 'answerCallbackQuery') p.max('callback answer text', body.text, TELEGRAM.callbackAnswer);
  if (method === 'setMyCommands') {
    const commands = typeof body.commands === 'string' ? JSON.parse(body.commands) : body.commands;
    for (const c of commands ?? []) {
      p.max(`command ${c.command}`, c.command, TELEGRAM.commandName);
      p.max(`description of ${c.command}`, c.description, TELEGRAM.commandDescription);
    }
  }
  if (method === 'setMyDescription') p.max('description', body.description, TELEGRAM.description);
  if (method === 'setMyShortDescription') p.max('short description', body.short_description, TELEGRAM.shortDescription);
  return p.list.length ? `Bad Request: ${p.list.join('; ')}` : null;
}

// ---------------------------------------------------------------- Discord

/**
 * Discord limits: message `content` 2,000 characters, at most 10 embeds
 * (https://discord.com/developers/docs/resources/message#create-message);
 * embed title 256, description 4,096, 25 fields (name 256, value 1,024),
 * footer 2,048, author 256, and 6,000 characters over all embeds of a
 * message (https://discord.com/developers/docs/resources/message#embed-object-embed-limits);
 * 5 action rows of 5 buttons, button label 80, custom_id 1-100, select menu
 * 25 options with label/value/description 100, placeholder 150
 * (https://discord.com/developers/docs/components/reference); modal title 45,
 * 5 top-level components, label 45, label description 100, text input value
 * and max_length 4,000, placeholder 100
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal);
 * command name 1-32, description 1-100, 25 options, 25 choices of 100
 * (https://discord.com/developers/docs/interactions/application-commands#application-command-object).
 */
export const DISCORD = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  optionText: 100,
  placeholder: 150,
  modalTitle: 45,
  modalComponents: 5,
  label: 45,
  labelDescription: 100,
  textInputValue: 4000,
  textInputPlaceholder: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  choices: 25,
  choiceName: 100,
} as const;

const embedLength = (e: any) =>
  [e.title, e.description, e.footer?.text, e.author?.name, ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value])].reduce(
    (sum: number, s: unknown) => sum + (typeof s === 'string' ? s.length : 0),
    0,
  );

function checkDiscordComponent(p: Problems, c: any, where: string): void {
  p.max(`${where} custom_id`, c.custom_id, DISCORD.customId);
  switch (c.type) {
    case 1: // action row
      p.count(`${where} action row`, c.components, DISCORD.buttonsPerRow);
      for (const [i, child] of (c.components ?? []).entries()) checkDiscordComponent(p, child, `${where}.components[${i}]`);
      break;
    case 2: // button
      p.max(`${where} button label`, c.label, DISCORD.buttonLabel);
      break;
    case 3: // string select
      p.count(`${where} select options`, c.options, DISCORD.selectOptions);
      p.max(`${where} select placeholder`, c.placeholder, DISCORD.placeholder);
      for (const o of c.options ?? []) {
        p.max(`${where} option label`, o.label, DISCORD.optionText);
        p.max(`${where} option value`, o.value, DISCORD.optionText);
        p.max(`${where} option description`, o.description, DISCORD.optionText);
      }
      break;
    case 4: // text input
      p.max(`${where} text input label`, c.label, DISCORD.label);
      p.max(`${where} text input value`, c.value, DISCORD.textInputValue);
      p.max(`${where} text input placeholder`, c.placeholder, DISCORD.textInputPlaceholder);
      p.require(`${where} text input max_length over ${DISCORD.textInputValue}`, c.max_length == null || c.max_length <= DISCORD.textInputValue);
      p.require(`${where} text input value longer than its max_length`, c.value == null || c.max_length == null || c.value.length <= c.max_length);
      break;
    case 18: // label
      p.max(`${where} label`, c.label, DISCORD.label);
      p.max(`${where} label description`, c.description, DISCORD.labelDescription);
      if (c.component) checkDiscordComponent(p, c.component, `${where}.component`);
      break;
  }
}

/** Why Discord would refuse this message body (create, edit, follow-up, interaction reply), or null. */
export function discordMessageProblems(body: any, p = new Problems()): string[] {
  if (!body) return p.list;
  p.max('content', body.content, DISCORD.content);
  p.count('embeds', body.embeds, DISCORD.embeds);
  let total = 0;
  for (const [i, e] of (body.embeds ?? []).entries()) {
    p.max(`embeds[${i}].title`, e.title, DISCORD.embedTitle);
    p.max(`embeds[${i}].description`, e.description, DISCORD.embedDescription);
    p.count(`embeds[${i}].fields`, e.fields, DISCORD.embedFields);
    for (const f of e.fields ?? []) {
      p.max(`embeds[${i}] field name`, f.name, DISCORD.fieldName);
      p.max(`embeds[${i}] field value`, f.value, DISCORD.fieldValue);
    }
    p.max(`embeds[${i}].footer`, e.footer?.text, DISCORD.footer);
    p.max(`embeds[${i}].author`, e.author?.name, DISCORD.author);
    total += embedLength(e);
  }
  if (total > DISCORD.embedTotal) p.list.push(`embeds total ${total} characters, over ${DISCORD.embedTotal}`);
  p.count('action rows', body.components, DISCORD.actionRows);
  for (const [i, c] of (body.components ?? []).entries()) checkDiscordComponent(p, c, `components[${i}]`);
  return p.list;
}

/** Why Discord would refuse a modal (interaction callback type 9), or an empty list. */
export function discordModalProblems(data: any): string[] {
  const p = new Problems();
  p.max('modal title', data?.title, DISCORD.modalTitle);
  p.max('modal custom_id', data?.custom_id, DISCORD.customId);
  p.count('modal components', data?.components, DISCORD.modalComponents);
  for (const [i, c] of (data?.components ?? []).entries()) checkDiscordComponent(p, c, `modal.components[${i}]`);
  return p.list;
}

/** Discord's own pattern for command and option names (application-command-naming). */
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Why Discord would refuse one application command's JSON, or an empty list. */
export function discordCommandProblems(command: any): string[] {
  const p = new Problems();
  const named = (what: string, o: any) => {
    for (const [locale, name] of [['', o.name], ...Object.entries(o.name_localizations ?? {})] as [string, string][]) {
      p.require(`${what} name ${locale} must be 1-${DISCORD.commandName} lowercase characters`, COMMAND_NAME.test(name) && name === name.toLowerCase());
    }
    p.require(`${what} description must be 1-${DISCORD.commandDescription} characters`, o.description.length >= 1 && o.description.length <= DISCORD.commandDescription);
    for (const [locale, description] of Object.entries(o.description_localizations ?? {})) {
      p.max(`${what} description (${locale})`, String(description), DISCORD.commandDescription);
    }
    p.count(`${what} options`, o.options, DISCORD.commandOptions);
    p.count(`${what} choices`, o.choices, DISCORD.choices);
    for (const c of o.choices ?? []) {
      p.max(`${what} choice`, c.name, DISCORD.choiceName);
      for (const [locale, name] of Object.entries(c.name_localizations ?? {})) p.max(`${what} choice (${locale})`, String(name), DISCORD.choiceName);
    }
    for (const option of o.options ?? []) named(`${what} ${option.name}`, option);
  };
  named(`/${command.name}`, command);
  return p.list;
}

// ---------------------------------------------------------------- Slack

/**
 * Slack Block Kit limits (https://api.slack.com/reference/block-kit/blocks,
 * /block-elements, /composition-objects, https://api.slack.com/reference/surfaces/views):
 * 50 blocks in a message, 100 in a modal or Home tab; section text 1-3,000
 * characters (after escaping), 10 fields of 2,000; header 150; context 10
 * elements; actions 25 elements; input label 2,000; button text 75 and value
 * 2,000; option text 75 and value 150; static select 100 options;
 * plain_text_input `max_length` at most 3,000 and `initial_value` within it;
 * modal title, submit and close 24 characters; `private_metadata` 3,000;
 * block_id and action_id 255; confirm dialog title 100, text 300, buttons 30.
 */
export const SLACK = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  inputMax: 3000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  id: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

function checkSlackElement(p: Problems, e: any, where: string): void {
  p.max(`${where} action_id`, e.action_id, SLACK.id);
  switch (e.type) {
    case 'button':
      p.max(`${where} button text`, e.text?.text, SLACK.buttonText);
      p.max(`${where} button value`, e.value, SLACK.buttonValue);
      if (e.confirm) {
        p.max(`${where} confirm title`, e.confirm.title?.text, SLACK.confirmTitle);
        p.max(`${where} confirm text`, e.confirm.text?.text, SLACK.confirmText);
        p.max(`${where} confirm button`, e.confirm.confirm?.text, SLACK.confirmButton);
        p.max(`${where} deny button`, e.confirm.deny?.text, SLACK.confirmButton);
      }
      break;
    case 'static_select':
      p.count(`${where} options`, e.options, SLACK.selectOptions);
      for (const o of [...(e.options ?? []), ...(e.initial_option ? [e.initial_option] : [])]) {
        p.max(`${where} option text`, o.text?.text, SLACK.optionText);
        p.max(`${where} option value`, o.value, SLACK.optionValue);
      }
      break;
    case 'plain_text_input':
      p.require(`${where} max_length over ${SLACK.inputMax}`, e.max_length == null || e.max_length <= SLACK.inputMax);
      p.max(`${where} initial_value`, e.initial_value, Math.min(e.max_length ?? SLACK.inputMax, SLACK.inputMax));
      break;
  }
}

/** Why Slack would refuse these blocks (`invalid_blocks`), or an empty list. */
export function slackBlockProblems(blocks: any[] | undefined, limit: number): string[] {
  const p = new Problems();
  if (!blocks) return p.list;
  p.count('blocks', blocks, limit);
  for (const [i, b] of blocks.entries()) {
    const where = `blocks[${i}]`;
    p.max(`${where} block_id`, b.block_id, SLACK.id);
    switch (b.type) {
      case 'section':
        p.require(`${where} section needs text or fields`, Boolean(b.text?.text) || (b.fields?.length ?? 0) > 0);
        p.max(`${where} section text`, b.text?.text, SLACK.sectionText);
        p.count(`${where} fields`, b.fields, SLACK.sectionFields);
        for (const f of b.fields ?? []) p.max(`${where} field`, f.text, SLACK.fieldText);
        if (b.accessory) checkSlackElement(p, b.accessory, `${where}.accessory`);
        break;
      case 'header':
        p.max(`${where} header`, b.text?.text, SLACK.header);
        break;
      case 'context':
        p.count(`${where} context elements`, b.elements, SLACK.contextElements);
        break;
      case 'actions':
        p.count(`${where} actions elements`, b.elements, SLACK.actionsElements);
        for (const [j, e] of (b.elements ?? []).entries()) checkSlackElement(p, e, `${where}.elements[${j}]`);
        break;
      case 'input':
        p.max(`${where} input label`, b.label?.text, SLACK.inputLabel);
        if (b.element) checkSlackElement(p, b.element, `${where}.element`);
        break;
    }
  }
  return p.list;
}

/** Why Slack would refuse this view (views.open, views.update, views.publish), or an empty list. */
export function slackViewProblems(view: any): string[] {
  if (!view) return ['no view'];
  const p = new Problems();
  if (view.type === 'modal') {
    p.require('modal title is required', Boolean(view.title?.text));
    p.max('modal title', view.title?.text, SLACK.viewTitle);
    p.max('modal submit', view.submit?.text, SLACK.viewButton);
    p.max('modal close', view.close?.text, SLACK.viewButton);
  }
  p.max('private_metadata', view.private_metadata, SLACK.privateMetadata);
  return [...p.list, ...slackBlockProblems(view.blocks, SLACK.viewBlocks)];
}
