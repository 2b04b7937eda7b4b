/**
 * The API's reference page (/api/docs): the OpenAPI document as one self-contained HTML page —
 * no script, no CDN — grouped by tag, with each endpoint's roles, parameters, body and answers.
 */
import type { OpenApiDocument } from '../../http/openapi.js';

interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const schemaBlock = (schema: unknown) => `<pre>${escape(JSON.stringify(schema, null, 2))}</pre>`;

function describeSchema(schema: unknown): string {
  const s = schema as { type?: unknown; enum?: unknown[]; pattern?: string; default?: unknown };
  const parts = [s.enum ? s.enum.map(String).join(' | ') : JSON.stringify(s.type ?? 'any')];
  if (s.pattern) parts.push(`pola ${s.pattern}`);
  if (s.default !== undefined) parts.push(`bawaan ${JSON.stringify(s.default)}`);
  return escape(parts.join(', '));
}

function renderOperation(method: string, path: string, op: Operation): string {
  const params =
    op.parameters.length === 0
      ? ''
      : `<table><thead><tr><th>Parameter</th><th>Di</th><th>Wajib</th><th>Nilai</th></tr></thead><tbody>${op.parameters
          .map(
            (p) =>
              `<tr><td><code>${escape(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'ya' : 'tidak'}</td><td>${describeSchema(p.schema)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const body = op.requestBody
    ? `<details><summary>Isi permintaan (JSON)</summary>${schemaBlock(op.requestBody.content['application/json']?.schema)}</details>`
    : '';
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const json = r.content?.['application/json']?.schema as { $ref?: string } | undefined;
      const other = Object.keys(r.content ?? {}).filter((t) => t !== 'application/json');
      const shape =
        json && !json.$ref
          ? `<details><summary>Jawaban</summary>${schemaBlock(json)}</details>`
          : '';
      return `<li><strong>${status}</strong> ${escape(r.description)}${other.length ? ` (${escape(other.join(', '))})` : ''}${shape}</li>`;
    })
    .join('');
  return `<section class="op" id="${escape(op.operationId)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>/api${escape(path)}</code></h3>
  <p class="summary">${escape(op.summary)}</p>
  ${op.description
    .split('\n\n')
    .map((p) => `<p>${escape(p)}</p>`)
    .join('')}
  ${params}${body}<ul class="responses">${responses}</ul>
</section>`;
}

export function referencePage(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(methods)) {
      const op = value as Operation;
      const tag = op.tags[0] ?? 'API';
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(method, path, op)]);
    }
  }
  const toc = [...byTag.keys()]
    .map((tag) => `<li><a href="#tag-${escape(tag)}">${escape(tag)}</a></li>`)
    .join('');
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => `<h2 id="tag-${escape(tag)}">${escape(tag)}</h2>${ops.join('\n')}`)
    .join('\n');
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 62rem; margin: 0 auto; padding: 1rem; color: #1f2328; }
  h1 { font-size: 1.5rem; } h2 { border-bottom: 2px solid #0b5394; padding-top: 1rem; }
  .op { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
  .op h3 { font-size: 1rem; margin: 0.3rem 0; }
  .method { display: inline-block; min-width: 4rem; text-align: center; color: #fff; border-radius: 4px; padding: 0 0.4rem; }
  .get { background: #0b5394; } .post { background: #2f7d32; } .put, .patch { background: #9a6700; } .delete { background: #b42318; }
  table { border-collapse: collapse; margin: 0.5rem 0; } td, th { border: 1px solid #d0d7de; padding: 0.2rem 0.5rem; text-align: left; }
  pre { background: #f6f8fa; padding: 0.5rem; overflow-x: auto; font-size: 13px; }
  .summary { font-weight: 600; }
</style>
</head>
<body>
<h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1>
<p>${escape(document.info.description)}</p>
<p>Dokumen mesin: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${document.openapi}).</p>
<ul>${toc}</ul>
${sections}
</body>
</html>
`;
}
