/** Evaluates the filter conditions of custom-entity queries and conditional transaction steps. */
export interface Condition {
  property: string;
  condition: string;
  values: unknown[];
}

export interface Conditions {
  and?: Condition[];
  or?: Condition[];
}

type Scalar = string | number | boolean;

function test(actual: unknown, c: Condition): boolean {
  const [a, b] = c.values as Scalar[];
  switch (c.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual === a;
    case 'NOT_EQUAL_TO':
      return actual !== a;
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(a));
    case 'CONTAINS':
      return typeof actual === 'string' && actual.includes(String(a));
    case 'NOT_CONTAINS':
      return typeof actual === 'string' && !actual.includes(String(a));
    case 'GREATER_THAN':
      return actual !== undefined && (actual as Scalar) > a;
    case 'GREATER_THAN_EQUAL_TO':
      return actual !== undefined && (actual as Scalar) >= a;
    case 'LESS_THAN':
      return actual !== undefined && (actual as Scalar) < a;
    case 'LESS_THAN_EQUAL_TO':
      return actual !== undefined && (actual as Scalar) <= a;
    case 'BETWEEN':
      return actual !== undefined && (actual as Scalar) >= a && (actual as Scalar) <= b;
    default:
      throw new Error(`Unknown condition ${c.condition}`);
  }
}

/** True when the (possibly missing) entity value satisfies the conditions. */
export function satisfies(value: Record<string, unknown> | undefined, conditions: Conditions | undefined): boolean {
  if (!conditions) return true;
  const read = (c: Condition) => test(value?.[c.property], c);
  if (conditions.and && !conditions.and.every(read)) return false;
  if (conditions.or && conditions.or.length > 0 && !conditions.or.some(read)) return false;
  return true;
}

export function testRange(actual: unknown, range: { condition: string; values: unknown[] }): boolean {
  return test(actual, { property: '', ...range });
}
