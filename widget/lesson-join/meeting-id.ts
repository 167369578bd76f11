/**
 * Zoom's meeting ID in the groups the Zoom app writes it, so people type it as they see it there:
 * 3-3-3 for 9 digits, 3-3-4 for 10, 3-4-4 for 11; other lengths as they are.
 * @example meetingIdText('85746065432') // '857 4606 5432'
 */
export function meetingIdText(digits: string): string {
  if (digits.length < 9 || digits.length > 11) return digits;
  const middle = digits.length === 11 ? 7 : 6;
  return `${digits.slice(0, 3)} ${digits.slice(3, middle)} ${digits.slice(middle)}`;
}
