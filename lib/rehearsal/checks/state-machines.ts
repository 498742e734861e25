import { createRequire } from 'node:module';
import { valuesOf } from '../policies.ts';
import type { Finding, RehearsedTemplate } from '../types.ts';

type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: Array<{ message?: string; Message?: string; 'Error code'?: string }> };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

/** Every state machine's definition, rendered, through the Amazon States Language validator (`asl-validator`). */
export function checkStateMachines(t: RehearsedTemplate): Finding[] {
  const values = valuesOf(t);
  return Object.entries(t.template.Resources)
    .filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')
    .flatMap(([id, r]) => {
      const props = r.Properties ?? {};
      const definition =
        props.Definition !== undefined
          ? values.resolve(props.Definition)
          : JSON.parse(values.render(props.DefinitionString));
      const { isValid, errors } = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
      if (isValid) return [];
      return errors.map((e) => ({
        check: 'states',
        template: t.name,
        resource: id,
        message: `Amazon States Language: ${e['Error code'] ? `${e['Error code']}: ` : ''}${e.message ?? e.Message ?? JSON.stringify(e)}`,
      }));
    });
}
