/**
 * Interning of the retail log's texts to small integer ids (0, 1, 2, … per kind, in first-seen order), so the
 * aggregates key on numbers: equal ids ⇔ equal texts.
 */
import { DataError } from '../errors';
import { PAIR_SHIFT } from './num-map';

/** The kinds of interned text. */
export type TextKind = 'invoice' | 'stock' | 'description' | 'customer' | 'country';

/**
 * String → id tables, one per kind. A new text of 13+ characters is copied before it is kept: V8 keeps
 * substrings as slices of their parent string, which would keep whole input chunks alive.
 *
 * Complexity: O(text length) per lookup.
 * @example
 * const ids = new StringIds();
 * ids.id('customer', '17850'); // => 0
 * ids.find('customer', '17850'); // => 0
 */
export class StringIds {
  private readonly maps: Record<TextKind, Map<string, number>> = {
    invoice: new Map(),
    stock: new Map(),
    description: new Map(),
    customer: new Map(),
    country: new Map(),
  };
  /** Called with (id, text) when a new customer is interned. */
  onNewCustomer: ((id: number, text: string) => void) | undefined;

  /** The id of `text`, interning it when new. */
  id(kind: TextKind, text: string): number {
    const map = this.maps[kind];
    const known = map.get(text);
    if (known !== undefined) return known;
    const id = map.size;
    if (id >= PAIR_SHIFT)
      throw new DataError(`invalid data: more than ${PAIR_SHIFT} distinct ${kind} values`, { value: id });
    const copy = text.length >= 13 ? Buffer.from(text, 'utf8').toString('utf8') : text;
    map.set(copy, id);
    if (kind === 'customer') this.onNewCustomer?.(id, copy);
    return id;
  }

  /** The id of `text`, or -1 when it was never interned. */
  find(kind: TextKind, text: string): number {
    return this.maps[kind].get(text) ?? -1;
  }
}
