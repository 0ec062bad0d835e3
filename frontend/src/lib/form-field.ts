// One field of a multipart upload as /openapi.json documents it (see scripts/gen-api.mjs).
export interface FormField {
  name: string;
  type: string;
  description?: string;
  default?: string | number | boolean;
  minimum?: number;
  maximum?: number;
  enum?: string[];
}
