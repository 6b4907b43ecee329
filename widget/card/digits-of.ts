// Full-width digits come from Korean and Japanese IMEs in full-width mode, Arabic-Indic ones from
// RTL keyboards; all of them mean the same card digits.
const FOREIGN_DIGITS = /[\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]/g;

function asciiDigit(c: string): string {
  const code = c.charCodeAt(0);
  const zero = code >= 0xff10 ? 0xff10 : code >= 0x06f0 ? 0x06f0 : 0x0660;
  return String(code - zero);
}

/** The ASCII digits of `text`, in order, with every other character dropped. */
export function digitsOf(text: string): string {
  return text.replace(FOREIGN_DIGITS, asciiDigit).replace(/\D/g, '');
}
