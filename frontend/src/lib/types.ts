// The API's shapes, taken from the types generated from the backend's /openapi.json
// (src/lib/api-schema.ts; `npm run gen:api`, checked for staleness by scripts/frontend-test.sh).
import type { components } from './api-schema';

type Schemas = components['schemas'];

export type Explanation = Schemas['Explanation'];
export type Candidate = Schemas['Candidate'];
export type SingleEvent = Schemas['SingleEvent'];
export type SearchResult = Schemas['SearchReport'];
export type SearchJob = Schemas['SearchJob'];
export type SearchProgress = Schemas['SearchProgress'];
export type JobStatus = SearchJob['status'];
export type TrainJob = Schemas['TrainJob'];
export type Accepted = Schemas['Accepted'];
export type Prediction = Schemas['Prediction'];
export type PredictResponse = Schemas['PredictResponse'];
export type CatalogPage = Schemas['CatalogPage'];
export type CatalogRow = Schemas['CatalogRow'];
export type ModelList = Schemas['ModelList'];
export type ModelCard = Schemas['ModelCard'];
export type User = Schemas['User'];
export type Token = Schemas['Token'];
/** Who is logged in, as the page knows it (the token stays in an httpOnly cookie). */
export type SessionUser = Pick<User, 'email' | 'role'>;
export type ApiErrorBody = Schemas['Error'];
export type MySearch = Schemas['MySearch'];
export type MySearches = Schemas['MySearches'];
export type Annotation = Schemas['Annotation'];
export type AnnotationRequest = Schemas['AnnotationRequest'];
export type AnnotationSaved = Schemas['AnnotationSaved'];
export type Verdict = AnnotationRequest['verdict'];
