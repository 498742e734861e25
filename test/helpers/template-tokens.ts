/** A `Ref` to a logical id, as {@link resolveTokens} writes it. */
export const ref = (logicalId: string): string => `{Ref:${logicalId}}`;

/** The `Arn` attribute of a logical id, as {@link resolveTokens} writes it. */
export const arnOf = (logicalId: string): string => `{GetAtt:${logicalId}.Arn}`;

/**
 * A template string value with its intrinsic functions written out as readable placeholders
 * (`Fn::Join` joined, `Ref` and `Fn::GetAtt` as {@link ref} and {@link arnOf} write them, pseudo
 * parameters by name), so what the CDK synthesizes compares with what a pure function builds.
 */
export function resolveTokens(value: unknown): string {
  if (typeof value === 'string') return value;
  const token = value as Record<string, unknown>;
  if ('Fn::Join' in token) {
    const [separator, parts] = token['Fn::Join'] as [string, unknown[]];
    return parts.map(resolveTokens).join(separator);
  }
  if ('Ref' in token) return ref(token.Ref as string);
  if ('Fn::GetAtt' in token) {
    const [id, attribute] = token['Fn::GetAtt'] as [string, string];
    return attribute === 'Arn' ? arnOf(id) : `{GetAtt:${id}.${attribute}}`;
  }
  throw new Error(`unsupported token: ${JSON.stringify(token)}`);
}
