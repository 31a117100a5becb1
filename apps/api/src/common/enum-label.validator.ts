import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments } from 'class-validator';

import { parseEnumLabel, PgEnumDefinition } from '@curation/sdk';

/**
 * A status field: accepts the label and the reference clients' aliases (`Not_a_Fit`, `NOT_A_FIT`, …),
 * stores the exact label, and rejects anything else with the allowed labels in the message.
 */
export function IsEnumLabel(def: PgEnumDefinition, required = true): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) => {
    ApiProperty({
      enum: [...def.labels],
      required,
      description: `${def.name}: the label, or an alias such as its member name`,
    })(target, propertyKey);
    Transform(({ value }) => {
      const parsed = parseEnumLabel(def, value);
      return parsed.ok ? parsed.value : value;
    })(target, propertyKey);
    registerDecorator({
      name: 'isEnumLabel',
      target: target.constructor,
      propertyName: String(propertyKey),
      validator: {
        validate: (value: unknown) => parseEnumLabel(def, value).ok,
        defaultMessage: (args: ValidationArguments) => {
          const parsed = parseEnumLabel(def, args.value);
          return parsed.ok ? '' : `${args.property}: ${parsed.error.message}`;
        },
      },
    });
  };
}
