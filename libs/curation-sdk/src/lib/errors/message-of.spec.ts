import { messageOf } from './message-of';

describe('messageOf', () => {
  it("takes an Error's message, without its name or stack", () => {
    expect(messageOf(new TypeError('bad input'))).toBe('bad input');
  });

  it('stringifies whatever else was thrown', () => {
    expect(messageOf('plain text')).toBe('plain text');
    expect(messageOf(42)).toBe('42');
    expect(messageOf(undefined)).toBe('undefined');
    expect(messageOf({ toString: () => 'custom' })).toBe('custom');
  });
});
