/**
 * JSON Schemas of the native files (object files, folder.yaml, watchpost.yaml), generated from
 * the same tables the readers validate with, so that editors check what the site checks.
 */
import { ATTRIBUTES, OBJECT_TYPES, type AttributeKind, type ObjectType } from './attributes.js';
import { HOST_ONLY_ATTRIBUTES } from './folder-attributes.js';
import { SITE_SETTINGS, type SettingSpec } from './site-settings.js';
import { EXTRA_KEYS, SECTION_OF } from './yaml/read-yaml-objects.js';

type Schema = Record<string, unknown>;

const stringList: Schema = {
  oneOf: [
    { type: 'array', items: { type: ['string', 'number'] } },
    { type: 'string', description: 'comma-separated' },
  ],
};
const textMap: Schema = { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } };

function attributeSchema(kind: AttributeKind, description: string): Schema {
  switch (kind.kind) {
    case 'string':
      return { type: ['string', 'number', 'boolean'], description };
    case 'name':
      return { type: ['string', 'number'], description };
    case 'int':
      return { type: 'integer', ...(kind.min === undefined ? {} : { minimum: kind.min }), description };
    case 'float':
      return {
        type: 'number',
        ...(kind.min === undefined ? {} : { minimum: kind.min }),
        ...(kind.max === undefined ? {} : { maximum: kind.max }),
        description,
      };
    case 'bool':
      return { type: 'boolean', description };
    case 'interval':
      return {
        oneOf: [
          { type: 'number', minimum: 0 },
          { type: 'string', pattern: '^\\d+(\\.\\d+)?\\s*[smhd]?$' },
        ],
        description,
      };
    case 'list':
      return { ...stringList, description };
    case 'options':
      return {
        oneOf: [
          { type: 'string', pattern: `^[${kind.letters}](\\s*,\\s*[${kind.letters}])*$` },
          { type: 'array', items: { enum: kind.letters.split('') } },
        ],
        description,
      };
    case 'command':
      return {
        oneOf: [{ type: 'string' }, { type: 'array', items: { type: ['string', 'number'] }, minItems: 1 }],
        description,
      };
    case 'commands':
      return { oneOf: [{ type: 'string' }, { type: 'array', items: { type: ['string', 'array'] } }], description };
    case 'enum':
      return { enum: [...kind.values], description };
  }
}

function objectSchema(type: ObjectType, exclude: readonly string[] = []): Schema {
  const properties: Record<string, Schema> = {};
  for (const spec of ATTRIBUTES[type]) {
    if (!exclude.includes(spec.name)) properties[spec.name] = attributeSchema(spec.type, spec.description);
  }
  for (const extra of EXTRA_KEYS[type] ?? []) {
    if (extra === 'services') properties.services = { type: 'array', items: { $ref: '#/$defs/hostService' } };
    else
      properties[extra] = {
        ...textMap,
        description: extra === 'ranges' ? 'rule → time ranges, e.g. monday: 09:00-17:00' : `${extra} as name: value`,
      };
  }
  return { type: 'object', additionalProperties: false, properties };
}

/** Schema of conf.d object files. */
export function objectsSchema(): Schema {
  const properties: Record<string, Schema> = {};
  for (const type of OBJECT_TYPES)
    properties[SECTION_OF[type]] = { type: ['array', 'null'], items: { $ref: `#/$defs/${type}` } };
  const defs: Record<string, Schema> = Object.fromEntries(OBJECT_TYPES.map((type) => [type, objectSchema(type)]));
  defs.hostService = objectSchema('service', ['host_name', 'hostgroup_name']);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Watchpost object configuration (conf.d/**/*.yaml)',
    type: ['object', 'null'],
    additionalProperties: false,
    properties,
    $defs: defs,
  };
}

/** Schema of folder.yaml. */
export function folderSchema(): Schema {
  const host = objectSchema('host', [...HOST_ONLY_ATTRIBUTES, 'services']);
  const properties = {
    title: { type: 'string', description: 'Title of the folder.' },
    ...(host.properties as Record<string, Schema>),
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Watchpost folder attributes (folder.yaml), inherited by the hosts below',
    type: ['object', 'null'],
    additionalProperties: false,
    properties,
  };
}

function settingSchema(spec: SettingSpec): Schema {
  switch (spec.kind) {
    case 'string':
      return {
        type: 'string',
        default: spec.default,
        description: spec.description,
        ...(spec.pattern === undefined ? {} : { pattern: spec.pattern.source }),
      };
    case 'int':
    case 'float':
      return {
        type: spec.kind === 'int' ? 'integer' : 'number',
        minimum: spec.min,
        maximum: spec.max,
        default: spec.default,
        description: spec.description,
      };
    case 'bool':
      return { type: 'boolean', default: spec.default, description: spec.description };
    case 'duration':
      return {
        type: ['number', 'string'],
        default: spec.default,
        description: `${spec.description} (seconds, or 30s, 5m)`,
      };
    case 'enum':
      return { enum: [...spec.values], default: spec.default, description: spec.description };
    case 'group':
      return {
        type: 'object',
        additionalProperties: false,
        description: spec.description,
        properties: Object.fromEntries(Object.entries(spec.fields).map(([k, v]) => [k, settingSchema(v)])),
      };
  }
}

/** Schema of watchpost.yaml. */
export function siteSettingsSchema(): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Watchpost site settings (watchpost.yaml)',
    type: ['object', 'null'],
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(SITE_SETTINGS).map(([k, v]) => [k, settingSchema(v)])),
  };
}

/** Every published schema by file name. */
export function allSchemas(): Map<string, Schema> {
  return new Map([
    ['objects.schema.json', objectsSchema()],
    ['folder.schema.json', folderSchema()],
    ['watchpost.schema.json', siteSettingsSchema()],
  ]);
}
