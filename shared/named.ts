import * as z from 'zod/mini';

// zod/mini keeps the Worker small: the same validation as classic zod at a fraction of the bundle.
export function named<T extends z.ZodMiniType>(id: string, schema: T): T {
  z.globalRegistry.add(schema, { id });
  return schema;
}
