import type { FormField } from '@/lib/form-field';
import { LOOK } from '@/lib/search-fields';

/**
 * One documented form field as its OpenAPI type asks: a choice for an enum, a checkbox for a
 * boolean (sent as "true" when ticked, left out otherwise: the API's default), a number input
 * with the documented bounds, else text. Empty fields are left out and take the API's default.
 */
export function FieldInput({ field }: { field: FormField }) {
  const look = LOOK[field.name];
  const def = field.default === undefined ? undefined : String(field.default);
  const help = field.description ?? (def !== undefined ? `default ${def}` : undefined);
  const label = (
    <span>
      {look?.label ?? field.name} {look?.unit && <span className="unit">{look.unit}</span>}
    </span>
  );
  if (field.type === 'boolean') {
    return (
      <label className="check" title={help}>
        <input name={field.name} type="checkbox" value="true" defaultChecked={field.default === true} data-testid={`field-${field.name}`} />
        {label}
      </label>
    );
  }
  let control;
  if (field.enum) {
    control = (
      <select name={field.name} defaultValue="">
        <option value="">default{def !== undefined ? ` (${look?.options?.[def] ?? def})` : ''}</option>
        {field.enum.map((v) => (
          <option key={v} value={v}>
            {look?.options?.[v] ?? v}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'number' || field.type === 'integer') {
    control = <input name={field.name} type="number" min={field.minimum} max={field.maximum} step={field.type === 'integer' ? 1 : 'any'} placeholder={look?.placeholder ?? def ?? 'default'} />;
  } else {
    control = <input name={field.name} type="text" placeholder={look?.placeholder ?? def ?? 'default'} />;
  }
  return (
    <label className="field" title={help}>
      {label}
      {control}
      {help && <span className="help">{help}</span>}
    </label>
  );
}
