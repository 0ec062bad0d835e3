// Batch scoring: reads the uploaded CSV's own id and disposition columns back, to show beside the
// scores. Pure but for readCsvFile. The results' CSV is the API's (POST /predict/batch with
// Accept: text/csv), the same as the CLI's.

import { KEPT_INPUT_COLUMNS } from './api-forms';

/** Rows of a CSV text (RFC 4180 quoting); lines starting with '#' before the header are comments. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let atLineStart = true;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (comment) {
      if (ch === '\n') {
        comment = false;
        atLineStart = true;
      }
      continue;
    }
    if (atLineStart && ch === '#' && records.length === 0) {
      comment = true;
      continue;
    }
    atLineStart = false;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
      atLineStart = true;
    } else {
      field += ch;
    }
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}


export interface BatchInput {
  columns: string[];
  /** Per data row, the kept columns' values. */
  values: string[][];
}

/** The input's id and disposition columns, in the file's order. */
export function keptColumns(header: string[], rows: string[][]): BatchInput {
  const idx = header.map((h, i) => [h, i] as const).filter(([h]) => KEPT_INPUT_COLUMNS.includes(h.toLowerCase()));
  return { columns: idx.map(([h]) => h), values: rows.map((r) => idx.map(([, i]) => r[i] ?? '')) };
}

/** The uploaded file's text, gunzipped when it is gzip. */
export async function readCsvFile(file: Blob): Promise<string> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return new Response(file.stream().pipeThrough(new DecompressionStream('gzip'))).text();
  }
  return file.text();
}
