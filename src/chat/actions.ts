/**
 * Button payloads shared by every chat surface. Kept short because Telegram
 * allows 64 bytes of callback data.
 */
export const Action = {
  sign: 'sign',
  list: (page: number, kind: string = 'all') => `list:${page}:${kind}`,
  case: (n: number) => `case:${n}`,
  video: 'video',
  languageMenu: 'lang',
  language: (locale: string) => `lang:${locale}`,
  nameFromPlatform: 'sd:name:platform',
  initialsFromPlatform: 'sd:name:initials',
  anonymous: 'sd:name:anon',
  country: (code: string) => `sd:country:${code}`,
  confirmSign: 'sd:confirm',
  initialsOnly: 'sd:initials',
  cancelSign: 'sd:cancel',
  confirmWithdraw: 'wd:confirm',
  keepSignature: 'wd:keep',
  remind: (on: boolean) => `remind:${on ? 'on' : 'off'}`,
} as const;
