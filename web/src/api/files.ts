// Typed calls for /api/v1/files: upload (multipart), list, metadata and the
// download URL. Every capability that attaches files stores the id returned here.
import { http, request, type Page } from './http';

/** A stored file's metadata as the API sends it. */
export interface FileMeta {
  id: number;
  name: string;
  /** Detected from the content, not from the name. */
  mime: string;
  size: number;
  sha256: string;
  org_id: number | null;
  region_code: string;
  created_by: number;
  created_at: string;
}

export interface FileQuery {
  org_id?: number;
  page?: number;
  size?: number;
}

/**
 * Uploads one file (multipart field `file`); `orgId` ties it to an organization
 * (org accounts always upload for their own). Rejections come back as ApiError
 * (413 too large or over quota, 422 with field `file` when the content is refused).
 */
export function uploadFile(file: File | Blob, name: string, orgId?: number | null, silent = true) {
  const form = new FormData();
  form.append('file', file, name);
  if (orgId !== undefined && orgId !== null) form.append('org_id', String(orgId));
  return request<FileMeta>('POST', '/api/v1/files', { body: form, silent });
}

export function listFiles(q: FileQuery = {}) {
  return http.get<Page<FileMeta>>('/api/v1/files', { ...q });
}

export function getFile(id: number, silent = false) {
  return http.get<FileMeta>(`/api/v1/files/${id}`, undefined, silent);
}

/** Same-origin download link (the server answers with Content-Disposition: attachment). */
export function fileContentUrl(id: number): string {
  return `/api/v1/files/${id}/content`;
}
