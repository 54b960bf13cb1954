import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

/** The published schema a transfer file must follow (versioned: a new version is a new file). */
export const TRANSFER_SCHEMA_VERSION = '1.0';
export const TRANSFER_NAMESPACE = 'urn:care-gateway:elsid-transfer:1';
export const TRANSFER_XSD_PATH = join(__dirname, '..', '..', '..', 'xsd', 'elsid-transfer-v1.xsd');
/** Files larger than this are refused before parsing (the gateway's request limit is about the same). */
export const MAX_TRANSFER_CHARS = 150_000;

const XSD = readFileSync(TRANSFER_XSD_PATH, 'utf8');
const FILE = 'transfer.xml';

/** One thing wrong with a file, where the validator could say where. */
export interface Problem {
  line: number | null;
  message: string;
}

const tidy = (message: string): string =>
  message
    .replace(/^(Schemas validity error|parser error|validity error)\s*:\s*/i, '')
    .replace(/^element \S+: (Schemas validity error : )?/, '')
    .replace(/\{urn:care-gateway:elsid-transfer:1\}/g, '')
    .trim();

/**
 * Checks a file against the XSD with libxml2 (xmllint, as WebAssembly). Returns every problem,
 * not just the first, so the sender can fix the file in one go; an empty list means valid.
 */
export async function validateTransferXml(xml: string): Promise<Problem[]> {
  if (xml.length > MAX_TRANSFER_CHARS) {
    return [{ line: null, message: `The file is larger than ${MAX_TRANSFER_CHARS} characters` }];
  }
  // No DTDs: the format needs none, and entities are how XML files attack their readers.
  if (/<!DOCTYPE/i.test(xml)) {
    return [{ line: null, message: 'Document type declarations (DOCTYPE) are not accepted' }];
  }
  if (!xml.trim()) return [{ line: null, message: 'The file is empty' }];
  const result = await validateXML({
    xml: [{ fileName: FILE, contents: xml }],
    schema: [{ fileName: 'elsid-transfer-v1.xsd', contents: XSD }],
  });
  if (result.valid) return [];
  // xmllint echoes the offending source line and a caret after a parser error: keep only the errors.
  const problems = result.errors
    .filter((e) => e.loc?.fileName === FILE)
    .map((e) => ({ line: e.loc?.lineNumber ?? null, message: tidy(e.message) }));
  return problems.length ? problems : [{ line: null, message: 'The file is not valid transfer XML' }];
}
