// The table "Attributes and properties" of docs/widget.md, the framework types
// (`ImpCardFormAttributes`, which impcard/react, impcard/vue and JSX use) and the elements
// themselves (the inline form's custom-elements.json, the isolated host's source) must list the
// same attributes and properties, with the same values: once the types refused
// `theme="auto"`, `isolation` and `appearance` while the docs offered them. Likewise the table
// "Methods": the inline form's, the isolated host's and the React ref's (`ImpCardFormHandle`)
// methods and read-only members.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { FORWARDED_ATTRIBUTES } from '../widget/contract/frame-messages.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** How a value is described: `string`, `boolean`, `number`, a type's name, or its literals. */
type ValueKind = { literals: string[] } | { kind: string };

interface DocRow {
  attribute: string | null;
  property: string | null;
  value: ValueKind;
}

/** The rows of the table under `## Attributes and properties`. */
function docRows(): DocRow[] {
  const text = readFileSync(`${root}docs/widget.md`, 'utf8');
  const section = text.split('## Attributes and properties')[1]?.split('\n## ')[0] ?? '';
  const code = (cell: string) => /^`([^`]+)`$/.exec(cell)?.[1] ?? null;
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\| (Attribute|-)/.test(line))
    .map((line) => {
      const [attribute = '', property = '', type = ''] = line
        .slice(2)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      const literals = [...type.matchAll(/`'([^']+)'`/g)].map((m) => m[1]!);
      const value: ValueKind = literals.length
        ? { literals: literals.sort() }
        : { kind: code(type) ?? type.split(' ')[0]! };
      return { attribute: code(attribute), property: code(property), value };
    });
  assert.ok(rows.length >= 10, `the table was found (${rows.length} rows)`);
  return rows;
}

/** The names in the first column of the table under `## Methods` (`validity`, `submit`, …). */
function docMethods(): string[] {
  const text = readFileSync(`${root}docs/widget.md`, 'utf8');
  const section = text.split('\n## Methods')[1]?.split('\n## ')[0] ?? '';
  const names = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Za-z]+)/g)].map((m) => m[1]!));
  assert.ok(names.length >= 5, `the table was found (${names.length} names)`);
  return names;
}

/** The members of the React ref's type, `ImpCardFormHandle`. */
function handleMembers(): string[] {
  const file = `${root}widget/frameworks/imp-card-form-handle.ts`;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const node = source.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === 'ImpCardFormHandle',
  );
  assert.ok(node, 'ImpCardFormHandle is declared');
  return node.members.map((m) => (m.name as ts.Identifier).text);
}

/** The members of `ImpCardFormAttributes`, each with what its type accepts. */
function attributeTypes(): Map<string, ValueKind> {
  const file = `${root}widget/frameworks/imp-card-form-props.ts`;
  const program = ts.createProgram([file], {
    strict: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const node = source.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === 'ImpCardFormAttributes',
  );
  assert.ok(node, 'ImpCardFormAttributes is declared');
  const types = new Map<string, ValueKind>();
  for (const symbol of checker.getTypeAtLocation(node).getProperties()) {
    const type = checker.getNonNullableType(checker.getTypeOfSymbol(symbol));
    const parts = type.isUnion() ? type.types : [type];
    const literals = parts.filter((t) => t.isStringLiteral()).map((t) => t.value);
    // An object type by the name it is declared with (`ImpCardMessages`), not its expansion.
    const declared = (symbol.valueDeclaration as ts.PropertySignature | undefined)?.type;
    const name =
      type.flags & ts.TypeFlags.Object && declared
        ? declared.getText()
        : checker.typeToString(type);
    // `string & {}` beside the literals keeps editors' suggestions open to other values (`en-US`).
    types.set(
      symbol.name,
      literals.length
        ? { literals: literals.sort() }
        : { kind: /^(true|false|boolean)/.test(name) ? 'boolean' : name },
    );
  }
  return types;
}

/**
 * The isolated host's public accessors, the attributes it reads itself, and its public methods and
 * read-only members (not the callbacks the browser calls).
 */
function hostApi(): { attributes: Set<string>; properties: Set<string>; methods: Set<string> } {
  const path = `${root}widget/isolated/imp-card-host.ts`;
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022);
  const attributes = new Set<string>(FORWARDED_ATTRIBUTES);
  const properties = new Set<string>();
  const methods = new Set<string>();
  const getters = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      /^(get|has|toggle|set)Attribute$/.test(node.expression.name.text) &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      attributes.add(node.arguments[0].text);
    }
    if (ts.isSetAccessorDeclaration(node) && ts.isIdentifier(node.name)) {
      properties.add(node.name.text);
    }
    if (ts.isGetAccessorDeclaration(node) && ts.isIdentifier(node.name))
      getters.add(node.name.text);
    if (
      ts.isMethodDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      !node.name.text.endsWith('Callback')
    ) {
      methods.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const name of getters) if (!properties.has(name)) methods.add(name);
  return { attributes, properties, methods };
}

interface Manifest {
  modules: Array<{
    declarations?: Array<{
      tagName?: string;
      attributes?: Array<{ name: string; fieldName?: string }>;
      members?: Array<{
        kind: string;
        name: string;
        static?: boolean;
        readonly?: boolean;
        privacy?: string;
      }>;
    }>;
  }>;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('docs/widget.md, the framework types and the elements agree', () => {
  let rows: DocRow[];
  let types: Map<string, ValueKind>;
  let element: NonNullable<Manifest['modules'][number]['declarations']>[number];

  before(() => {
    rows = docRows();
    types = attributeTypes();
    // The manifest the package ships, generated from the inline form's JSDoc as the build does.
    const outdir = 'test/.artifacts/cem-element-docs';
    execFileSync(`${root}node_modules/.bin/cem`, ['analyze', '--outdir', outdir], {
      cwd: root,
      stdio: 'ignore',
    });
    const manifest = JSON.parse(
      readFileSync(`${root}${outdir}/custom-elements.json`, 'utf8'),
    ) as Manifest;
    const found = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === 'imp-card-form');
    assert.ok(found, 'the manifest declares <imp-card-form>');
    element = found;
  });

  it('every documented attribute and property is in ImpCardFormAttributes, and every member of it documented', () => {
    assert.deepEqual(sorted(rows.map((r) => r.attribute ?? r.property!)), sorted(types.keys()));
  });

  it('the documented values are the types’ values (literals, boolean, number, string, the object types)', () => {
    for (const row of rows) {
      const name = row.attribute ?? row.property!;
      assert.deepEqual(types.get(name), row.value, name);
    }
  });

  it('the documented attributes are the ones the inline form and the isolated host read', () => {
    const host = hostApi();
    const inline = (element.attributes ?? []).map((a) => a.name);
    assert.deepEqual(
      sorted(rows.flatMap((r) => (r.attribute ? [r.attribute] : []))),
      sorted([...inline, ...host.attributes]),
    );
    // An attribute's property, when it has one, is the documented one.
    for (const a of element.attributes ?? []) {
      const row = rows.find((r) => r.attribute === a.name)!;
      assert.equal(row.property, a.fieldName ?? null, a.name);
    }
  });

  it('the documented properties are the settable ones of the inline form and the isolated host', () => {
    const host = hostApi();
    const inline = (element.members ?? [])
      .filter((m) => m.kind === 'field' && !m.static && !m.readonly && m.privacy === 'public')
      .map((m) => m.name);
    assert.deepEqual(
      sorted(rows.flatMap((r) => (r.property ? [r.property] : []))),
      sorted([...inline, ...host.properties]),
    );
  });

  it('the documented methods and read-only members are the inline form’s, the isolated host’s and the React ref’s', () => {
    const documented = sorted(docMethods());
    const inline = (element.members ?? [])
      .filter(
        (m) =>
          !m.static &&
          (m.privacy ?? 'public') === 'public' &&
          ((m.kind === 'method' && !m.name.endsWith('Callback')) ||
            (m.kind === 'field' && m.readonly)),
      )
      .map((m) => m.name);
    assert.deepEqual(sorted(inline), documented, 'the inline form (custom-elements.json)');
    assert.deepEqual(sorted(hostApi().methods), documented, 'the isolated host');
    assert.deepEqual(sorted(handleMembers()), documented, 'impcard/react’s ImpCardFormHandle');
  });
});
